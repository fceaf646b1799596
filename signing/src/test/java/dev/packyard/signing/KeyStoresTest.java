package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.signing.KeyMaterialException.Problem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BCFKS keystores. Every store and load runs PBKDF2 several times (on purpose: that is what protects the key), so the
 * tests share one saved store where they can.
 */
class KeyStoresTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final String DIGEST = "sha256:" + "d4".repeat(32);

    @TempDir
    static Path shared;
    /** The P-256 test key, saved once. */
    private static Path p256Store;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveOnce() throws Exception {
        p256Store = shared.resolve("store/signing.bcfks");
        KeyStores.save(TestKeys.key(KeyAlgorithm.EC_P256), p256Store, PASSWORD);
    }

    @Test
    void savedEcKeyLoadsBackAndStillSigns() throws Exception {
        assertLoadsAs(TestKeys.key(KeyAlgorithm.EC_P256), p256Store);
    }

    @Test
    void savedRsaKeyLoadsBackAndStillSigns() throws Exception {
        Path file = dir.resolve("rsa.bcfks");
        KeyStores.save(TestKeys.key(KeyAlgorithm.RSA_3072_PSS), file, PASSWORD);

        assertLoadsAs(TestKeys.key(KeyAlgorithm.RSA_3072_PSS), file);
    }

    @Test
    void savingReplacesAnExistingStore() throws Exception {
        Path file = Files.copy(p256Store, dir.resolve("signing.bcfks"));
        KeyStores.save(TestKeys.key(KeyAlgorithm.EC_P384), file, PASSWORD);

        assertLoadsAs(TestKeys.key(KeyAlgorithm.EC_P384), file);
    }

    @Test
    void fileIsABcfksStoreWithASelfSignedCertificateReadableOnlyByItsOwner() throws Exception {
        KeyStore store = KeyStore.getInstance("BCFKS", FipsProviders.provider());
        try (var in = Files.newInputStream(p256Store)) {
            store.load(in, PASSWORD);
        }

        assertTrue(store.isKeyEntry(KeyStores.ALIAS));
        X509Certificate certificate = (X509Certificate) store.getCertificate(KeyStores.ALIAS);
        certificate.verify(certificate.getPublicKey(), FipsProviders.provider());
        assertArrayEquals(TestKeys.key(KeyAlgorithm.EC_P256).publicKey().getEncoded(),
                certificate.getPublicKey().getEncoded());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p256Store)));
        }
        try (var listing = Files.list(p256Store.getParent())) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void wrongPasswordIsRefusedClearly() {
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> KeyStores.load(p256Store, "not the right password".toCharArray()));

        assertEquals(Problem.WRONG_PASSWORD, e.problem());
        assertTrue(e.getMessage().startsWith("wrong password for keystore " + p256Store), e.getMessage());
    }

    @Test
    void alteredFileIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(p256Store);
        bytes[bytes.length - 40] ^= 1;
        Path altered = Files.write(dir.resolve("altered.bcfks"), bytes);

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> KeyStores.load(altered, PASSWORD));

        assertTrue(e.problem() == Problem.WRONG_PASSWORD || e.problem() == Problem.NOT_A_KEYSTORE, e::getMessage);
    }

    @Test
    void shortPasswordIsRefusedWhenSaving() {
        Path file = dir.resolve("k.bcfks");
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> KeyStores.save(TestKeys.key(KeyAlgorithm.EC_P256), file, "changeit".toCharArray()));

        assertEquals(Problem.WEAK_PASSWORD, e.problem());
        assertTrue(e.getMessage().contains("at least 14"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void otherFilesAreNotKeystores() throws Exception {
        Path text = Files.writeString(dir.resolve("cosign.pub"), TestKeys.key(KeyAlgorithm.EC_P256).publicKeyPem());
        KeyMaterialException notStore = assertThrows(KeyMaterialException.class, () -> KeyStores.load(text, PASSWORD));
        assertEquals(Problem.NOT_A_KEYSTORE, notStore.problem());
        assertTrue(notStore.getMessage().contains("is not a BCFKS keystore"), notStore.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.bcfks"));
        KeyMaterialException emptyStore = assertThrows(KeyMaterialException.class,
                () -> KeyStores.load(empty, PASSWORD));
        assertEquals(Problem.NOT_A_KEYSTORE, emptyStore.problem());
        assertTrue(emptyStore.getMessage().contains("is empty"), emptyStore.getMessage());

        KeyStore pkcs12 = KeyStore.getInstance("PKCS12", "SUN");
        pkcs12.load(null, null);
        Path p12 = dir.resolve("store.p12");
        try (var out = Files.newOutputStream(p12)) {
            pkcs12.store(out, PASSWORD);
        }
        assertEquals(Problem.NOT_A_KEYSTORE,
                assertThrows(KeyMaterialException.class, () -> KeyStores.load(p12, PASSWORD)).problem());
    }

    @Test
    void loadsTheOnlyKeyEntryUnderAnotherAlias() throws Exception {
        // A store made with keytool or other tooling names its entry itself.
        KeyStore store = KeyStore.getInstance("BCFKS", FipsProviders.provider());
        store.load(null, null);
        SigningKey key = TestKeys.key(KeyAlgorithm.EC_P256);
        KeyStore ours = KeyStore.getInstance("BCFKS", FipsProviders.provider());
        try (var in = Files.newInputStream(p256Store)) {
            ours.load(in, PASSWORD);
        }
        store.setKeyEntry("localhost", key.privateKey(), PASSWORD, ours.getCertificateChain(KeyStores.ALIAS));
        Path theirs = dir.resolve("theirs.bcfks");
        try (var out = Files.newOutputStream(theirs)) {
            store.store(out, PASSWORD);
        }

        assertLoadsAs(key, theirs);
    }

    @Test
    void storeWithoutAKeyIsRefused() throws Exception {
        KeyStore store = KeyStore.getInstance("BCFKS", FipsProviders.provider());
        store.load(null, null);
        Path file = dir.resolve("none.bcfks");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> KeyStores.load(file, PASSWORD));
        assertEquals(Problem.NOT_A_KEYSTORE, e.problem());
        assertTrue(e.getMessage().contains("holds no private key entry"), e.getMessage());
    }

    private static void assertLoadsAs(SigningKey expected, Path file) throws Exception {
        SigningKey loaded = KeyStores.load(file, PASSWORD);
        assertEquals(expected.algorithm(), loaded.algorithm());
        assertArrayEquals(expected.publicKey().getEncoded(), loaded.publicKey().getEncoded());
        assertArrayEquals(expected.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        byte[] payload = SimpleSigningPayload.of("r.example/p", DIGEST).toBytes();
        String signature = CosignSigner.of(loaded).sign(payload);
        assertTrue(CosignVerifier.of(expected.publicKey()).verify(payload, signature, DIGEST).verified());
    }
}
