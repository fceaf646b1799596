package dev.packyard.registry.oci;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:hex} of a supported algorithm, in canonical form (lowercase hex of the right
 * length), so it is safe to use in storage keys.
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {

    /** The image-spec digest grammar; a digest may be grammatical yet of an algorithm the registry doesn't know. */
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a " + algorithm.id() + " digest: " + hex);
        }
    }

    /** The outcome of reading a digest from a request: a usable digest, or why it can't be used. */
    public sealed interface Parsed {
    }

    public record Valid(Digest digest) implements Parsed {
    }

    /** Follows the grammar but names an algorithm the registry doesn't implement: unknown content, not bad input. */
    public record Unsupported(String text, String algorithm) implements Parsed {
    }

    public record Invalid(String text, String reason) implements Parsed {
    }

    public static Parsed parse(String text) {
        if (!GRAMMAR.matcher(text).matches()) {
            return new Invalid(text, "a digest is <algorithm>:<hex>, e.g. sha256:<64 lowercase hex digits>");
        }
        int colon = text.indexOf(':');
        String algorithmId = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.byId(algorithmId);
        if (algorithm.isEmpty()) {
            return new Unsupported(text, algorithmId);
        }
        if (hex.length() != algorithm.get().hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            return new Invalid(text, "a " + algorithmId + " digest has " + algorithm.get().hexLength()
                    + " lowercase hex digits");
        }
        return new Valid(new Digest(algorithm.get(), hex));
    }

    /** True when {@code text} at least follows the digest grammar (used to tell digests from tags). */
    public static boolean looksLikeDigest(String text) {
        return text.indexOf(':') > 0;
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        return fromMessageDigest(algorithm, algorithm.newMessageDigest().digest(content));
    }

    public static Digest fromMessageDigest(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** The first two hex digits, used to fan out storage folders. */
    public String prefix() {
        return hex.substring(0, 2);
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }
}
