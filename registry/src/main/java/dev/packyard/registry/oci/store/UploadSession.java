package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.RepositoryName;

import java.util.UUID;

/** An upload in progress: its id (the last segment of its URL), its repository, and the digest it computes. */
public record UploadSession(UUID id, RepositoryName repository, DigestAlgorithm algorithm) {
}
