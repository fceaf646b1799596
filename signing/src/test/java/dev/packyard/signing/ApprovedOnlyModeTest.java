package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import org.bouncycastle.crypto.fips.FipsUnapprovedOperationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Behaviour in FIPS approved-only mode. The mode is fixed per JVM when Bouncy Castle initialises, so this class runs
 * only in its own surefire execution, whose JVM starts with {@code -Dorg.bouncycastle.fips.approved_only=true}
 * (signing/pom.xml); the ordinary execution excludes it.
 */
class ApprovedOnlyModeTest {

    private static final String DIGEST = "sha256:" + "f6".repeat(32);

    @BeforeAll
    static void runsInApprovedOnlyJvm() {
        assertEquals("true", System.getProperty(FipsProviders.APPROVED_ONLY_PROPERTY),
                "this class must run in the approved-only surefire execution");
        // Already on from the command line, so switching it on again is allowed and changes nothing.
        FipsProviders.enableApprovedOnlyMode();
        FipsProviders.install();
    }

    @Test
    void statusReportsApprovedOnlyAndPassedSelfTests() {
        FipsStatus status = FipsProviders.status();

        assertTrue(status.enabled());
        assertTrue(status.approvedOnly());
        assertTrue(status.selfTest());
        assertEquals("#4943", status.certificate());
    }

    @Test
    void md5IsNotAvailable() {
        assertThrows(NoSuchAlgorithmException.class, () -> MessageDigest.getInstance("MD5", FipsProviders.provider()));
    }

    @Test
    void sha1SignaturesAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", FipsProviders.provider());
        generator.initialize(256, FipsProviders.secureRandom());
        var pair = generator.generateKeyPair();

        FipsUnapprovedOperationError e = assertThrows(FipsUnapprovedOperationError.class, () -> {
            Signature signature = Signature.getInstance("SHA1withECDSA", FipsProviders.provider());
            signature.initSign(pair.getPrivate(), FipsProviders.secureRandom());
            signature.update(new byte[] {1, 2, 3});
            signature.sign();
        });
        assertTrue(e.getMessage().contains("SHA-1"), e.getMessage());
    }

    @Test
    void rsa1024KeyGenerationIsRefused() {
        assertThrows(FipsUnapprovedOperationError.class, () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", FipsProviders.provider());
            generator.initialize(1024, FipsProviders.secureRandom());
            generator.generateKeyPair();
        });
    }

    // RSASSA-PSS with SHA-256 is approved too; it is left out here only because RSA-3072 key generation takes
    // seconds, and the ordinary run covers it.
    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384"})
    void ourSignaturesWork(KeyAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);
        byte[] payload = SimpleSigningPayload.of("registry.example.com/packs/nginx", DIGEST).toBytes();

        String signature = CosignSigner.of(key).sign(payload);
        VerificationResult result = CosignVerifier.of(PemKeys.readPublicKey(key.publicKeyPem()))
                .verify(payload, signature, DIGEST);

        assertTrue(result.verified(), result::toString);
    }

    @Test
    void keystoresWork(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate(KeyAlgorithm.EC_P256);
        Path file = dir.resolve("signing.bcfks");
        char[] password = "approved-mode password".toCharArray();

        KeyStores.save(key, file, password);

        assertEquals(key.publicKeyPem(), KeyStores.load(file, password).publicKeyPem());
    }
}
