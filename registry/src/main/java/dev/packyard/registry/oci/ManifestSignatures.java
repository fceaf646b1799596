package dev.packyard.registry.oci;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Tells views of the store (the pack catalog, search) whether a manifest is signed and by which trusted keys; how
 * that is found out is not their business.
 */
@FunctionalInterface
public interface ManifestSignatures {

    /**
     * @param verifiedBy the trusted keys a signature verified with ({@code registry}, or a key file's name)
     */
    record Status(boolean signed, boolean verified, List<String> verifiedBy) {

        public Status {
            verifiedBy = List.copyOf(verifiedBy);
        }
    }

    /** The status of the manifest {@code digest} of {@code repository}; empty when it cannot be told. */
    Optional<Status> of(String repository, String digest) throws IOException;

    ManifestSignatures NONE = (repository, digest) -> Optional.empty();
}
