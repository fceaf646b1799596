package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.signing.VerificationResult.Reason;
import dev.packyard.signing.VerificationResult.Rejected;
import dev.packyard.signing.VerificationResult.Verified;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CosignSignaturesTest {

    private static final String DIGEST_A = "sha256:" + "a1".repeat(32);
    private static final String DIGEST_B = "sha256:" + "b2".repeat(32);
    private static final byte[] PAYLOAD_A =
            SimpleSigningPayload.of("registry.example.com/packs/nginx", DIGEST_A).toBytes();
    private static final byte[] PAYLOAD_B =
            SimpleSigningPayload.of("registry.example.com/packs/nginx", DIGEST_B).toBytes();

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signatureRoundTrips(KeyAlgorithm algorithm) {
        SigningKey key = TestKeys.key(algorithm);
        String signature = CosignSigner.of(key).sign(PAYLOAD_A);

        VerificationResult result = CosignVerifier.of(key.publicKey()).verify(PAYLOAD_A, signature, DIGEST_A);

        Verified verified = assertInstanceOf(Verified.class, result, () -> result.toString());
        assertTrue(result.verified());
        assertEquals(DIGEST_A, verified.payload().manifestDigest());
        assertEquals("registry.example.com/packs/nginx", verified.payload().dockerReference());
        assertEquals(algorithm, CosignVerifier.of(key.publicKey()).algorithm());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void tamperedPayloadIsRejected(KeyAlgorithm algorithm) {
        SigningKey key = TestKeys.key(algorithm);
        String signature = CosignSigner.of(key).sign(PAYLOAD_A);
        byte[] tampered = new String(PAYLOAD_A, StandardCharsets.UTF_8)
                .replace("packs/nginx", "packs/nginY").getBytes(StandardCharsets.UTF_8);

        assertRejected(Reason.SIGNATURE_MISMATCH, "does not match",
                CosignVerifier.of(key.publicKey()).verify(tampered, signature, DIGEST_A));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signatureOfAnotherPayloadIsRejected(KeyAlgorithm algorithm) {
        SigningKey key = TestKeys.key(algorithm);
        CosignSigner signer = CosignSigner.of(key);
        String signatureOfA = signer.sign(PAYLOAD_A);
        String signatureOfB = signer.sign(PAYLOAD_B);
        CosignVerifier verifier = CosignVerifier.of(key.publicKey());

        assertRejected(Reason.SIGNATURE_MISMATCH, "does not match", verifier.verify(PAYLOAD_B, signatureOfA, DIGEST_B));
        assertRejected(Reason.SIGNATURE_MISMATCH, "does not match", verifier.verify(PAYLOAD_A, signatureOfB, DIGEST_A));
        // The pairs that belong together still verify, so the rejections above are about the swap.
        assertTrue(verifier.verify(PAYLOAD_A, signatureOfA, DIGEST_A).verified());
        assertTrue(verifier.verify(PAYLOAD_B, signatureOfB, DIGEST_B).verified());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signatureByAnotherKeyIsRejected(KeyAlgorithm algorithm) {
        String signature = CosignSigner.of(TestKeys.otherKey(algorithm)).sign(PAYLOAD_A);

        assertRejected(Reason.SIGNATURE_MISMATCH, "another key",
                CosignVerifier.of(TestKeys.key(algorithm).publicKey()).verify(PAYLOAD_A, signature, DIGEST_A));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void truncatedSignatureIsMalformed(KeyAlgorithm algorithm) {
        SigningKey key = TestKeys.key(algorithm);
        byte[] der = Base64.getDecoder().decode(CosignSigner.of(key).sign(PAYLOAD_A));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length - 5));

        Rejected rejected = assertRejected(Reason.MALFORMED_SIGNATURE, "",
                CosignVerifier.of(key.publicKey()).verify(PAYLOAD_A, truncated, DIGEST_A));
        assertTrue(rejected.message().contains(algorithm.isEc() ? "not ASN.1 DER" : "bytes"), rejected.message());
    }

    @Test
    void garbledDerIsMalformed() {
        CosignVerifier verifier = CosignVerifier.of(TestKeys.key(KeyAlgorithm.EC_P256).publicKey());
        byte[] der = Base64.getDecoder().decode(CosignSigner.of(TestKeys.key(KeyAlgorithm.EC_P256)).sign(PAYLOAD_A));

        byte[] notASequence = der.clone();
        notASequence[0] = 0x31; // SET instead of SEQUENCE
        assertRejected(Reason.MALFORMED_SIGNATURE, "SEQUENCE of two INTEGERs",
                verifier.verify(PAYLOAD_A, b64(notASequence), DIGEST_A));

        byte[] trailingGarbage = Arrays.copyOf(der, der.length + 2);
        assertRejected(Reason.MALFORMED_SIGNATURE, "not ASN.1 DER",
                verifier.verify(PAYLOAD_A, b64(trailingGarbage), DIGEST_A));

        // BER long-form length for the outer SEQUENCE: readable ASN.1, but not the DER cosign produces and accepts.
        byte[] longForm = new byte[der.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        longForm[2] = der[1];
        System.arraycopy(der, 2, longForm, 3, der.length - 2);
        assertRejected(Reason.MALFORMED_SIGNATURE, "canonical DER",
                verifier.verify(PAYLOAD_A, b64(longForm), DIGEST_A));
    }

    @Test
    void garbageBase64IsRejected() {
        CosignVerifier verifier = CosignVerifier.of(TestKeys.key(KeyAlgorithm.EC_P256).publicKey());

        assertRejected(Reason.BAD_BASE64, "not base64", verifier.verify(PAYLOAD_A, "not base64 at all!", DIGEST_A));
        assertRejected(Reason.BAD_BASE64, "empty", verifier.verify(PAYLOAD_A, "", DIGEST_A));
    }

    @Test
    void signatureWithLineBreaksIsAcceptedLikeGo() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        String signature = CosignSigner.of(key).sign(PAYLOAD_A);
        String wrapped = signature.substring(0, 20) + "\n" + signature.substring(20);

        assertTrue(CosignVerifier.of(key.publicKey()).verify(PAYLOAD_A, wrapped, DIGEST_A).verified());
    }

    @Test
    void validSignatureOverPayloadForAnotherManifestFailsTheClaim() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        String signature = CosignSigner.of(key).sign(PAYLOAD_A);

        Rejected rejected = assertRejected(Reason.DIGEST_MISMATCH, "invalid or missing digest in claim",
                CosignVerifier.of(key.publicKey()).verify(PAYLOAD_A, signature, DIGEST_B));
        assertTrue(rejected.message().contains(DIGEST_A) && rejected.message().contains(DIGEST_B), rejected.message());
    }

    @Test
    void signedPayloadOfAnotherTypeIsRejected() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        byte[] payload = new String(PAYLOAD_A, StandardCharsets.UTF_8)
                .replace(SimpleSigningPayload.TYPE, "atomic container signature").getBytes(StandardCharsets.UTF_8);
        String signature = CosignSigner.of(key).sign(payload);

        assertRejected(Reason.WRONG_TYPE, "atomic container signature",
                CosignVerifier.of(key.publicKey()).verify(payload, signature, DIGEST_A));
    }

    @Test
    void signedPayloadThatIsNotJsonIsRejected() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        byte[] payload = "{\"critical\": ".getBytes(StandardCharsets.UTF_8);
        String signature = CosignSigner.of(key).sign(payload);

        assertRejected(Reason.MALFORMED_PAYLOAD, "not valid JSON",
                CosignVerifier.of(key.publicKey()).verify(payload, signature, DIGEST_A));
    }

    @Test
    void ecSignatureIsNotAcceptedByRsaKeyAndViceVersa() {
        String ecSignature = CosignSigner.of(TestKeys.key(KeyAlgorithm.EC_P256)).sign(PAYLOAD_A);
        assertRejected(Reason.MALFORMED_SIGNATURE, "bytes",
                CosignVerifier.of(TestKeys.key(KeyAlgorithm.RSA_3072_PSS).publicKey())
                        .verify(PAYLOAD_A, ecSignature, DIGEST_A));

        String p384Signature = CosignSigner.of(TestKeys.key(KeyAlgorithm.EC_P384)).sign(PAYLOAD_A);
        assertRejected(Reason.SIGNATURE_MISMATCH, "does not match",
                CosignVerifier.of(TestKeys.key(KeyAlgorithm.EC_P256).publicKey())
                        .verify(PAYLOAD_A, p384Signature, DIGEST_A));
    }

    @Test
    void ecdsaSignaturesAreRandomisedButBothVerify() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        String first = CosignSigner.of(key).sign(PAYLOAD_A);
        String second = CosignSigner.of(key).sign(PAYLOAD_A);

        assertNotEquals(first, second);
        CosignVerifier verifier = CosignVerifier.of(key.publicKey());
        assertTrue(verifier.verify(PAYLOAD_A, first, DIGEST_A).verified());
        assertTrue(verifier.verify(PAYLOAD_A, second, DIGEST_A).verified());
    }

    @Test
    void annotationsSurviveVerification() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        byte[] payload = SimpleSigningPayload.of("r.example/p", DIGEST_A, Map.of("pack", "nginx", "version", "1.2.3"))
                .toBytes();

        Verified verified = assertInstanceOf(Verified.class,
                CosignVerifier.of(key.publicKey()).verify(payload, CosignSigner.of(key).sign(payload), DIGEST_A));
        assertEquals(Map.of("pack", "nginx", "version", "1.2.3"), verified.payload().optional());
        assertArrayEquals(payload, verified.payload().toBytes());
    }

    @Test
    void verifierRefusesUnsupportedKeys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", FipsProviders.provider());
        rsa.initialize(1024, FipsProviders.secureRandom());
        KeyMaterialException small = assertThrows(KeyMaterialException.class,
                () -> CosignVerifier.of(rsa.generateKeyPair().getPublic()));
        assertEquals(KeyMaterialException.Problem.KEY_TOO_SMALL, small.problem());
        assertTrue(small.getMessage().contains("1024 bits"), small.getMessage());

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", FipsProviders.provider());
        ec.initialize(new java.security.spec.ECGenParameterSpec("P-521"), FipsProviders.secureRandom());
        KeyMaterialException curve = assertThrows(KeyMaterialException.class,
                () -> CosignVerifier.of(ec.generateKeyPair().getPublic()));
        assertEquals(KeyMaterialException.Problem.UNSUPPORTED_CURVE, curve.problem());
        assertTrue(curve.getMessage().contains("P-521") || curve.getMessage().contains("secp521r1"),
                curve.getMessage());
    }

    @Test
    void rejectionIsNotVerified() {
        assertFalse(new Rejected(Reason.BAD_BASE64, "x").verified());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Rejected assertRejected(Reason reason, String messagePart, VerificationResult result) {
        Rejected rejected = assertInstanceOf(Rejected.class, result, () -> "expected a rejection, got " + result);
        assertEquals(reason, rejected.reason(), rejected::message);
        assertTrue(rejected.message().contains(messagePart),
                () -> "message should contain '" + messagePart + "': " + rejected.message());
        return rejected;
    }
}
