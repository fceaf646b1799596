package dev.packyard.registry.oci.store;

/** A manifest's record and its exact pushed bytes. */
public record StoredManifest(ManifestRevision revision, byte[] content) {
}
