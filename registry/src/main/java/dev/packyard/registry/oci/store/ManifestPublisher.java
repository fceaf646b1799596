package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Manifest;

import java.io.IOException;
import java.util.List;

/**
 * Stores a parsed manifest the one way every path takes, whether it arrived by HTTP or from the server itself
 * (the built-in catalog): references checked, the guard consulted, then stored, then the guard's follow-up.
 */
public final class ManifestPublisher {

    private final ManifestStore manifests;
    private final ManifestGuard guard;

    public ManifestPublisher(ManifestStore manifests, ManifestGuard guard) {
        this.manifests = manifests;
        this.guard = guard;
    }

    public ManifestRevision publish(RepositoryName repository, Digest digest, byte[] content, Manifest manifest,
                                    List<String> tags) throws IOException {
        manifests.checkReferences(repository, manifest);
        ManifestGuard.Admitted admitted = guard.admit(repository, digest, manifest, tags);
        ManifestRevision revision = manifests.put(repository, digest, content, manifest, tags);
        admitted.stored();
        return revision;
    }
}
