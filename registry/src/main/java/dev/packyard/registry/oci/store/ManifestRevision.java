package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.Digest;

import java.util.Optional;

/**
 * A manifest as a repository holds it: its digest, the media type it was pushed with (served back as
 * {@code Content-Type}), its size, and its subject if it is a referrer.
 */
public record ManifestRevision(Digest digest, String mediaType, long size, Optional<Digest> subject) {
}
