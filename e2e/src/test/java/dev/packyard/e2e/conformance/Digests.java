package dev.packyard.e2e.conformance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** OCI digests ({@code algorithm:hex}) computed with {@link MessageDigest}. */
final class Digests {

    private Digests() {
    }

    static String sha256(byte[] bytes) {
        return of("sha256", bytes);
    }

    static String sha512(byte[] bytes) {
        return of("sha512", bytes);
    }

    /** The digest of {@code bytes} under an OCI algorithm name ({@code sha256}, {@code sha512}). */
    static String of(String algorithm, byte[] bytes) {
        String jca = switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        };
        try {
            return algorithm + ":" + HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
