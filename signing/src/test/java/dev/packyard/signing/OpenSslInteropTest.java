package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks our signatures with OpenSSL 3 and OpenSSL's signatures with our verifier: an implementation that shares no
 * code with Bouncy Castle, working on files, the way an outside verifier would.
 */
class OpenSslInteropTest {

    private static final String DIGEST = "sha256:" + "e5".repeat(32);
    private static final byte[] PAYLOAD =
            SimpleSigningPayload.of("registry.example.com/packs/cert-manager", DIGEST).toBytes();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsOpenSsl() {
        assertTrue(OpenSsl.available(), OpenSsl.MISSING);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void openSslVerifiesOurSignatures(KeyAlgorithm algorithm) throws Exception {
        SigningKey key = TestKeys.key(algorithm);
        Files.write(dir.resolve("payload.json"), PAYLOAD);
        Files.write(dir.resolve("sig.der"), Base64.getDecoder().decode(CosignSigner.of(key).sign(PAYLOAD)));
        Files.writeString(dir.resolve("pub.pem"), key.publicKeyPem());

        OpenSsl.Result result = OpenSsl.ok(dir, null, verifyArgs(algorithm, "payload.json"));
        assertTrue(result.out().contains("Verified OK"), result.out() + result.stderr());

        // The same check fails for other bytes, so "Verified OK" above means something.
        Files.write(dir.resolve("other.json"), SimpleSigningPayload.of("r.example/x", DIGEST).toBytes());
        OpenSsl.Result other = OpenSsl.run(dir, null, verifyArgs(algorithm, "other.json"));
        assertNotEquals(0, other.exitCode());
        assertTrue(other.out().contains("Verification failure"), other.out() + other.stderr());
    }

    @Test
    void weVerifyOpenSslSignaturesAndImportItsKeys() throws Exception {
        byte[] sec1 = OpenSsl.ok(dir, null, "ecparam", "-name", "prime256v1", "-genkey", "-noout").stdout();
        byte[] pkcs8 = OpenSsl.ok(dir, sec1, "pkcs8", "-topk8", "-nocrypt").stdout();
        Files.write(dir.resolve("key.pem"), pkcs8);
        OpenSsl.ok(dir, null, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Files.write(dir.resolve("payload.json"), PAYLOAD);
        OpenSsl.ok(dir, null, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "payload.json");

        String publicPem = Files.readString(dir.resolve("pub.pem"));
        String signature = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("sig.der")));
        VerificationResult result = CosignVerifier.of(PemKeys.readPublicKey(publicPem))
                .verify(Files.readAllBytes(dir.resolve("payload.json")), signature, DIGEST);

        VerificationResult.Verified verified = assertInstanceOf(VerificationResult.Verified.class, result,
                result::toString);
        assertEquals("registry.example.com/packs/cert-manager", verified.payload().dockerReference());
        // Importing OpenSSL's private key gives the public key OpenSSL derives, byte for byte in PEM.
        SigningKey imported = PemKeys.readPrivateKey(new String(pkcs8, StandardCharsets.US_ASCII));
        assertEquals(publicPem, imported.publicKeyPem());
        // And a tampered payload is refused by us as OpenSSL would.
        byte[] tampered = PAYLOAD.clone();
        tampered[tampered.length - 3] ^= 1;
        assertEquals(VerificationResult.Reason.SIGNATURE_MISMATCH, assertInstanceOf(VerificationResult.Rejected.class,
                CosignVerifier.of(imported.publicKey()).verify(tampered, signature, DIGEST)).reason());
    }

    private static String[] verifyArgs(KeyAlgorithm algorithm, String payloadFile) {
        List<String> args = new ArrayList<>(List.of("dgst", algorithm == KeyAlgorithm.EC_P384 ? "-sha384" : "-sha256"));
        if (algorithm == KeyAlgorithm.RSA_3072_PSS) {
            args.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
                    "-sigopt", "rsa_mgf1_md:sha256"));
        }
        args.addAll(List.of("-verify", "pub.pem", "-signature", "sig.der", payloadFile));
        return args.toArray(String[]::new);
    }
}
