package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.signing.KeyMaterialException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM import and export; private keys of other kinds and shapes come from openssl, the tool operators use. */
class PemKeysTest {

    private static final String DIGEST = "sha256:" + "c3".repeat(32);

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsOpenSsl() {
        assertTrue(OpenSsl.available(), OpenSsl.MISSING);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void publicKeyPemRoundTrips(KeyAlgorithm algorithm) {
        SigningKey key = TestKeys.key(algorithm);
        String pem = key.publicKeyPem();

        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("\n-----END PUBLIC KEY-----\n"));
        assertTrue(pem.lines().allMatch(line -> line.length() <= 64), pem);
        PublicKey read = PemKeys.readPublicKey(pem);
        assertArrayEquals(key.publicKey().getEncoded(), read.getEncoded());
        assertEquals(pem, PemKeys.publicKeyPem(read));
    }

    @Test
    void importsPkcs8EcKeyAndDerivesItsPublicKey() throws Exception {
        String pem = openSslEcKeyPkcs8("prime256v1");
        SigningKey key = PemKeys.readPrivateKey(pem);

        assertEquals(KeyAlgorithm.EC_P256, key.algorithm());
        assertEquals(openSslPublicPem(pem), key.publicKeyPem());
        assertSigns(key);
    }

    @Test
    void importsSec1EcKeyEvenAfterAParametersBlock() throws Exception {
        // Without -noout, openssl writes an "EC PARAMETERS" block before the "EC PRIVATE KEY" block.
        String pem = OpenSsl.ok(dir, null, "ecparam", "-name", "secp384r1", "-genkey").out();
        assertTrue(pem.contains("BEGIN EC PARAMETERS") && pem.contains("BEGIN EC PRIVATE KEY"), pem);

        SigningKey key = PemKeys.readPrivateKey(pem);

        assertEquals(KeyAlgorithm.EC_P384, key.algorithm());
        assertEquals(openSslPublicPem(pem), key.publicKeyPem());
        assertSigns(key);
    }

    @Test
    void importsRsaKeysInPkcs8AndPkcs1Form() throws Exception {
        // An RSA-3072 key from openssl would take seconds to generate; the shared test key, written out, will do.
        SigningKey original = TestKeys.key(KeyAlgorithm.RSA_3072_PSS);
        String pkcs8 = privateKeyPem(original.privateKey());
        String pkcs1 = OpenSsl.ok(dir, bytes(pkcs8), "rsa", "-traditional").out();
        assertTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"), pkcs1);

        SigningKey fromPkcs8 = PemKeys.readPrivateKey(pkcs8);
        SigningKey fromPkcs1 = PemKeys.readPrivateKey(pkcs1);

        assertEquals(KeyAlgorithm.RSA_3072_PSS, fromPkcs1.algorithm());
        assertEquals(openSslPublicPem(pkcs8), fromPkcs8.publicKeyPem());
        assertEquals(original.publicKeyPem(), fromPkcs1.publicKeyPem());
        assertSigns(fromPkcs1);
    }

    @Test
    void refusesRsaKeysBelow3072BitsForSigningButVerifiesWith2048() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", FipsProviders.provider());
        generator.initialize(2048, FipsProviders.secureRandom());
        String pem = privateKeyPem(generator.generateKeyPair().getPrivate());

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemKeys.readPrivateKey(pem));

        assertEquals(Problem.KEY_TOO_SMALL, e.problem());
        assertTrue(e.getMessage().contains("2048 bits") && e.getMessage().contains("3072"), e.getMessage());
        PublicKey publicKey = PemKeys.readPublicKey(openSslPublicPem(pem));
        assertEquals(KeyAlgorithm.RSA_3072_PSS, CosignVerifier.of(publicKey).algorithm());
    }

    @Test
    void refusesOtherCurvesNamingThem() throws Exception {
        String pem = openSslEcKeyPkcs8("secp256k1");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemKeys.readPrivateKey(pem));
        assertEquals(Problem.UNSUPPORTED_CURVE, e.problem());
        assertTrue(e.getMessage().contains("secp256k1"), e.getMessage());

        KeyMaterialException pub = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPublicKey(openSslPublicPem(pem)));
        assertEquals(Problem.UNSUPPORTED_CURVE, pub.problem());
    }

    @Test
    void refusesOtherKeyTypesNamingThem() throws Exception {
        String pem = OpenSsl.ok(dir, null, "genpkey", "-algorithm", "ED25519").out();

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemKeys.readPrivateKey(pem));

        assertEquals(Problem.UNSUPPORTED_KEY_TYPE, e.problem());
        assertTrue(e.getMessage().contains("Ed25519"), e.getMessage());
    }

    @Test
    void refusesEncryptedKeys() throws Exception {
        String plain = openSslEcKeyPkcs8("prime256v1");
        String encrypted = OpenSsl.ok(dir, bytes(plain), "pkcs8", "-topk8", "-v2", "aes-256-cbc",
                "-passout", "pass:correct-horse-battery").out();
        assertTrue(encrypted.contains("BEGIN ENCRYPTED PRIVATE KEY"), encrypted);

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemKeys.readPrivateKey(encrypted));
        assertEquals(Problem.ENCRYPTED_KEY, e.problem());

        String cosignKey = "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
                + "eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";
        KeyMaterialException cosign = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPrivateKey(cosignKey));
        assertEquals(Problem.ENCRYPTED_KEY, cosign.problem());
        assertTrue(cosign.getMessage().contains("cosign.key") && cosign.getMessage().contains("not FIPS-approved"),
                cosign.getMessage());
    }

    @Test
    void refusesTextThatIsNotPem() {
        KeyMaterialException none = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host"));
        assertEquals(Problem.NOT_PEM, none.problem());
        assertTrue(none.getMessage().contains("BEGIN"), none.getMessage());

        KeyMaterialException damaged = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPublicKey("-----BEGIN PUBLIC KEY-----\nMFkw!!!!\n-----END PUBLIC KEY-----\n"));
        assertEquals(Problem.NOT_PEM, damaged.problem());
    }

    @Test
    void refusesThePemOfAnotherKind() throws Exception {
        String privatePem = openSslEcKeyPkcs8("prime256v1");
        KeyMaterialException privateForPublic = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPublicKey(privatePem));
        assertEquals(Problem.WRONG_PEM_TYPE, privateForPublic.problem());
        assertTrue(privateForPublic.getMessage().contains("a private key"), privateForPublic.getMessage());

        String publicPem = TestKeys.key(KeyAlgorithm.EC_P256).publicKeyPem();
        KeyMaterialException publicForPrivate = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPrivateKey(publicPem));
        assertEquals(Problem.WRONG_PEM_TYPE, publicForPrivate.problem());

        OpenSsl.ok(dir, bytes(privatePem), "pkey", "-out", "cert-key.pem");
        String certificate = OpenSsl.ok(dir, null, "req", "-new", "-x509", "-key", "cert-key.pem",
                "-subj", "/CN=test", "-days", "1").out();
        KeyMaterialException cert = assertThrows(KeyMaterialException.class,
                () -> PemKeys.readPublicKey(certificate));
        assertEquals(Problem.WRONG_PEM_TYPE, cert.problem());
        assertTrue(cert.getMessage().contains("certificate") && cert.getMessage().contains("openssl x509"),
                cert.getMessage());
    }

    @Test
    void signingKeyRefusesHalvesOfDifferentPairs() {
        SigningKey one = TestKeys.key(KeyAlgorithm.EC_P256);
        SigningKey other = TestKeys.otherKey(KeyAlgorithm.EC_P256);

        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> SigningKey.of(one.privateKey(), other.publicKey()));

        assertEquals(Problem.KEY_MISMATCH, e.problem());
        assertEquals(one.publicKey(), SigningKey.of(one.privateKey(), one.publicKey()).publicKey());
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        assertEquals("SigningKey[EC_P256]", key.toString());
        assertFalse(key.toString().contains("BEGIN"));
    }

    private static String openSslEcKeyPkcs8(String curve) throws Exception {
        byte[] sec1 = OpenSsl.ok(dir, null, "ecparam", "-name", curve, "-genkey", "-noout").stdout();
        String pkcs8 = OpenSsl.ok(dir, sec1, "pkcs8", "-topk8", "-nocrypt").out();
        assertTrue(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----"), pkcs8);
        return pkcs8;
    }

    private static String openSslPublicPem(String privatePem) throws Exception {
        return OpenSsl.ok(dir, bytes(privatePem), "pkey", "-pubout").out();
    }

    private static void assertSigns(SigningKey key) {
        byte[] payload = SimpleSigningPayload.of("r.example/p", DIGEST).toBytes();
        String signature = CosignSigner.of(key).sign(payload);
        assertTrue(CosignVerifier.of(key.publicKey()).verify(payload, signature, DIGEST).verified());
    }

    /** PKCS#8 PEM of a private key; only tests write private keys out unencrypted. */
    private static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
