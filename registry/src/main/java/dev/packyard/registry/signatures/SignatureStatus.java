package dev.packyard.registry.signatures;

import dev.packyard.registry.oci.Digest;

import java.util.List;
import java.util.Optional;

/**
 * The cosign signatures found for one manifest and what checking them against a set of keys gave.
 *
 * @param signatures one per signature layer, under the {@code .sig} tag and in cosign referrers
 */
record SignatureStatus(Digest manifest, List<Signature> signatures) {

    SignatureStatus {
        signatures = List.copyOf(signatures);
    }

    /**
     * One signature layer.
     *
     * @param verifiedBy the name of the trusted key it verified with, if any
     * @param problem    why no trusted key verified it, when none did
     */
    record Signature(Digest signatureManifest, Digest payload, Optional<String> verifiedBy, String problem) {
    }

    boolean signed() {
        return !signatures.isEmpty();
    }

    /** The trusted keys at least one signature verified with. */
    List<String> verifiedBy() {
        return signatures.stream().flatMap(s -> s.verifiedBy().stream()).distinct().toList();
    }

    boolean verified() {
        return !verifiedBy().isEmpty();
    }
}
