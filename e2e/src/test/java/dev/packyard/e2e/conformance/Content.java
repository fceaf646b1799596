package dev.packyard.e2e.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A piece of content addressed by digest: a blob, a config or a manifest, with the exact bytes that are pushed.
 *
 * @param mediaType the media type a descriptor names it with (for a manifest, the {@code Content-Type} it is pushed with)
 * @param bytes the exact bytes
 * @param digest the digest the tests claim for it; normally the real one, deliberately wrong in bad-digest tests
 */
record Content(String mediaType, byte[] bytes, String digest) {

    static final String OCTET_STREAM = "application/octet-stream";

    /** Content with its sha256 digest. */
    static Content of(String mediaType, byte[] bytes) {
        return new Content(mediaType, bytes, Digests.sha256(bytes));
    }

    /** Content with its digest under {@code algorithm} ({@code sha256} or {@code sha512}). */
    static Content of(String mediaType, byte[] bytes, String algorithm) {
        return new Content(mediaType, bytes, Digests.of(algorithm, bytes));
    }

    /** An opaque blob with its sha256 digest. */
    static Content blob(byte[] bytes) {
        return of(OCTET_STREAM, bytes);
    }

    static Content blob(String text) {
        return blob(text.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return bytes.length;
    }

    /** The algorithm part of the digest, e.g. {@code sha256}. */
    String algorithm() {
        return digest.substring(0, digest.indexOf(':'));
    }

    /** The same bytes under a different (typically wrong) claimed digest. */
    Content withDigest(String otherDigest) {
        return new Content(mediaType, bytes, otherDigest);
    }

    /** The same bytes and digest, described with another media type. */
    Content withMediaType(String otherMediaType) {
        return new Content(otherMediaType, bytes, digest);
    }

    /** {@code {"mediaType", "digest", "size"}}, the OCI descriptor of this content. */
    ObjectNode descriptor() {
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", bytes.length);
        return descriptor;
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + bytes.length + " bytes)";
    }
}
