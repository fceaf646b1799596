package dev.packyard.registry.oci;

import java.io.IOException;

/**
 * Decides whether a manifest may be pulled ({@code GET} or {@code HEAD} of {@code /v2/NAME/manifests/REF}); the OCI
 * layer asks it before answering and knows nothing of why it refuses (signatures, for one).
 */
@FunctionalInterface
public interface PullPolicy {

    /** Throws {@link OciException} (403 {@code DENIED}) to refuse the pull of {@code manifest}. */
    void checkPull(RepositoryName repository, Digest manifest) throws IOException;

    PullPolicy ALLOW_ALL = (repository, manifest) -> { };
}
