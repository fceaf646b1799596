package dev.packyard.registry.packs;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Tells the pack catalog whether a pack version is signed, and by which trusted keys; how is not its business. */
@FunctionalInterface
public interface PackSignatures {

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

    PackSignatures NONE = (repository, digest) -> Optional.empty();
}
