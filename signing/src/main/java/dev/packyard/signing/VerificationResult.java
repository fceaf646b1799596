package dev.packyard.signing;

import java.util.Objects;

/**
 * The outcome of checking one cosign signature: {@link Verified} with the payload it vouches for, or {@link Rejected}
 * with the first reason it fails. A rejection is an expected result (a bad or foreign signature), not an error.
 */
public sealed interface VerificationResult permits VerificationResult.Verified, VerificationResult.Rejected {

    /** Why a signature is rejected, in the order the checks run. */
    enum Reason {
        /** The annotation value is not base64. */
        BAD_BASE64,
        /** The decoded bytes are not a signature of the key's type (truncated or garbled DER, wrong RSA length). */
        MALFORMED_SIGNATURE,
        /** A well-formed signature that does not match this key and payload (other key, changed payload, swapped). */
        SIGNATURE_MISMATCH,
        /** The signed payload is not a simple-signing JSON document. */
        MALFORMED_PAYLOAD,
        /** The signed payload's {@code critical.type} is not cosign's. */
        WRONG_TYPE,
        /** The signed payload claims another manifest, or none. */
        DIGEST_MISMATCH
    }

    /** {@code true} only for {@link Verified}. */
    boolean verified();

    /** The signature is valid for the key and the payload claims the expected manifest. */
    record Verified(SimpleSigningPayload payload) implements VerificationResult {
        public Verified {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public boolean verified() {
            return true;
        }
    }

    /** The signature does not vouch for the manifest; {@code message} says why, for logs and API responses. */
    record Rejected(Reason reason, String message) implements VerificationResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean verified() {
            return false;
        }
    }
}
