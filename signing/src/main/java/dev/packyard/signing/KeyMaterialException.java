package dev.packyard.signing;

import java.util.Objects;

/**
 * A key, PEM text or keystore that cannot be used, with what is wrong in {@link #problem()} (for code: an API maps
 * most of these to a 400) and what to do about it in the message (for people).
 */
public final class KeyMaterialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the key material. */
    public enum Problem {
        /** The text holds no PEM block, or its base64 body does not decode. */
        NOT_PEM,
        /** A PEM block of another kind than asked for (a certificate where a public key was expected, ...). */
        WRONG_PEM_TYPE,
        /** The private key is encrypted (PKCS#8 or a cosign.key); it must be given decrypted. */
        ENCRYPTED_KEY,
        /** Not an EC or RSA key. */
        UNSUPPORTED_KEY_TYPE,
        /** An EC key on a curve other than P-256 or P-384. */
        UNSUPPORTED_CURVE,
        /** An RSA key too small for the operation. */
        KEY_TOO_SMALL,
        /** The private and the public key are not one pair. */
        KEY_MISMATCH,
        /** The keystore password is wrong, or the file was changed after it was written. */
        WRONG_PASSWORD,
        /** A keystore password too short to protect a signing key. */
        WEAK_PASSWORD,
        /** The file is not a BCFKS keystore, or holds no private key entry. */
        NOT_A_KEYSTORE
    }

    private final Problem problem;

    public KeyMaterialException(Problem problem, String message) {
        this(problem, message, null);
    }

    public KeyMaterialException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
