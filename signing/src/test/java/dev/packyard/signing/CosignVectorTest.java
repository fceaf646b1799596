package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.signing.VerificationResult.Reason;
import dev.packyard.signing.VerificationResult.Rejected;
import dev.packyard.signing.VerificationResult.Verified;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Signatures made by the real cosign tool, checked with our verifier.
 *
 * <p>Source: the test fixtures of containers/image (github.com/containers/image, Apache-2.0), directory
 * {@code signature/fixtures/}, commit df7e80d2d19872b61f352a8a182ec934dc0c2346: {@code cosign.pub},
 * {@code cosign2.pub}, {@code dir-img-cosign-valid/}, {@code dir-img-cosign-key-rekor-valid/} and
 * {@code unknown-cosign-key.signature}, copied unchanged to {@code src/test/resources/cosign/containers-image/}
 * (see the README there). containers/image's own tests describe them as Cosign-created signatures; the second one
 * carries the Rekor entry cosign made for it.
 */
class CosignVectorTest {

    private static final String DIR = "/cosign/containers-image/";
    private static final byte[] WRAPPER_PREFIX = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);

    /** A cosign signature layer as containers/image stores it: the payload blob and the layer annotations. */
    private record CosignLayer(String mediaType, byte[] payload, String signature) {
    }

    @Test
    void cosignSignatureVerifies() throws Exception {
        CosignLayer layer = layer("dir-img-cosign-valid/signature-1");
        String manifestDigest = sha256(resource("dir-img-cosign-valid/manifest.json"));
        assertEquals("sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", manifestDigest);
        assertEquals(SimpleSigningPayload.MEDIA_TYPE, layer.mediaType());

        VerificationResult result = CosignVerifier.of(publicKey("cosign.pub"))
                .verify(layer.payload(), layer.signature(), manifestDigest);

        Verified verified = assertInstanceOf(Verified.class, result, result::toString);
        assertEquals("192.168.64.2:5000/cosign-signed-single-sample", verified.payload().dockerReference());
        assertTrue(verified.payload().optional().isEmpty());
    }

    @Test
    void cosignSignatureWithRekorBundleVerifies() throws Exception {
        CosignLayer layer = layer("dir-img-cosign-key-rekor-valid/signature-1");
        String manifestDigest = sha256(resource("dir-img-cosign-key-rekor-valid/manifest.json"));

        VerificationResult result = CosignVerifier.of(publicKey("cosign2.pub"))
                .verify(layer.payload(), layer.signature(), manifestDigest);

        Verified verified = assertInstanceOf(Verified.class, result, result::toString);
        assertEquals("192.168.64.2:5000/cosign-signed/key-1", verified.payload().dockerReference());
    }

    @Test
    void ourPayloadBytesEqualCosignsForTheSameImage() throws Exception {
        // What we sign for an image is byte for byte what cosign signed for it.
        CosignLayer layer = layer("dir-img-cosign-valid/signature-1");
        String manifestDigest = sha256(resource("dir-img-cosign-valid/manifest.json"));

        byte[] ours = SimpleSigningPayload.of("192.168.64.2:5000/cosign-signed-single-sample", manifestDigest)
                .toBytes();

        assertArrayEquals(layer.payload(), ours);
    }

    @Test
    void cosignSignatureIsRejectedForTheWrongKeyOrImage() throws Exception {
        CosignLayer layer = layer("dir-img-cosign-valid/signature-1");
        String manifestDigest = sha256(resource("dir-img-cosign-valid/manifest.json"));
        String otherManifest = sha256(resource("dir-img-cosign-key-rekor-valid/manifest.json"));

        assertEquals(Reason.SIGNATURE_MISMATCH, rejected(CosignVerifier.of(publicKey("cosign2.pub"))
                .verify(layer.payload(), layer.signature(), manifestDigest)).reason());
        Rejected replay = rejected(CosignVerifier.of(publicKey("cosign.pub"))
                .verify(layer.payload(), layer.signature(), otherManifest));
        assertEquals(Reason.DIGEST_MISMATCH, replay.reason());
        assertTrue(replay.message().contains("invalid or missing digest in claim"), replay.message());
    }

    @Test
    void signatureByAKeyInNeitherFileIsRejected() throws Exception {
        CosignLayer layer = layer("unknown-cosign-key.signature");
        String manifestDigest = sha256(resource("dir-img-cosign-valid/manifest.json"));

        for (String key : new String[] {"cosign.pub", "cosign2.pub"}) {
            assertEquals(Reason.SIGNATURE_MISMATCH, rejected(CosignVerifier.of(publicKey(key))
                    .verify(layer.payload(), layer.signature(), manifestDigest)).reason(), key);
        }
    }

    private static Rejected rejected(VerificationResult result) {
        return assertInstanceOf(Rejected.class, result, result::toString);
    }

    private static CosignLayer layer(String name) throws IOException {
        byte[] blob = resource(name);
        assertArrayEquals(WRAPPER_PREFIX, Arrays.copyOf(blob, WRAPPER_PREFIX.length), "containers/image wrapper");
        JsonNode json = new ObjectMapper().readTree(Arrays.copyOfRange(blob, WRAPPER_PREFIX.length, blob.length));
        JsonNode signature = json.path("annotations").get(SimpleSigningPayload.SIGNATURE_ANNOTATION);
        assertNotNull(signature, "signature annotation in " + name);
        return new CosignLayer(json.get("mimeType").textValue(),
                Base64.getDecoder().decode(json.get("payload").textValue()), signature.textValue());
    }

    private static PublicKey publicKey(String name) throws IOException {
        return PemKeys.readPublicKey(new String(resource(name), StandardCharsets.US_ASCII));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CosignVectorTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "test resource " + DIR + name);
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256", FipsProviders.provider());
        return "sha256:" + HexFormat.of().formatHex(digest.digest(bytes));
    }
}
