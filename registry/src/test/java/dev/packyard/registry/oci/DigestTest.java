package dev.packyard.registry.oci;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class DigestTest {

    private static final String HELLO_SHA256 = "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @Test
    void computesAndParsesSha256AndSha512() {
        byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
        Digest sha256 = Digest.of(DigestAlgorithm.SHA256, hello);
        assertEquals(HELLO_SHA256, sha256.toString());
        assertEquals(sha256, ((Digest.Valid) Digest.parse(HELLO_SHA256)).digest());
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, hello);
        assertEquals(128, sha512.hex().length());
        assertEquals(sha512, ((Digest.Valid) Digest.parse(sha512.toString())).digest());
    }

    @Test
    void tellsBadInputFromUnknownAlgorithms() {
        assertInstanceOf(Digest.Invalid.class, Digest.parse("sha256:totallywrong"));
        assertInstanceOf(Digest.Invalid.class, Digest.parse(HELLO_SHA256.toUpperCase().replace("SHA256", "sha256")));
        assertInstanceOf(Digest.Invalid.class, Digest.parse("sha256:../../etc"));
        assertInstanceOf(Digest.Invalid.class, Digest.parse("no-colon"));
        assertInstanceOf(Digest.Invalid.class, Digest.parse("sha256:"));
        assertInstanceOf(Digest.Unsupported.class, Digest.parse("blake3:abcdef0123"));
    }
}
