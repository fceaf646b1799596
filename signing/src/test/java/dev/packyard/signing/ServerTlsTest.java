package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.signing.KeyMaterialException.Problem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's TLS context outside FIPS mode (inside it, the end-to-end tests run the packaged server): from PEM
 * files made by {@code openssl} and from a BCFKS keystore, each proven by a real handshake, and every unusable input
 * refused with a reason that names the file.
 */
class ServerTlsTest {

    private static final char[] PASSWORD = "a keystore password of some length".toCharArray();

    @TempDir
    static Path dir;
    private static Path certificate;
    private static Path key;
    private static Path otherKey;

    @BeforeAll
    static void openssl() throws Exception {
        assertTrue(OpenSsl.available(), OpenSsl.MISSING);
        OpenSsl.ok(dir, null, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server.key", "-out", "server.crt", "-days", "2", "-subj", "/CN=127.0.0.1");
        OpenSsl.ok(dir, null, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", "other.key");
        certificate = dir.resolve("server.crt");
        key = dir.resolve("server.key");
        otherKey = dir.resolve("other.key");
    }

    @Test
    void pemFilesServeTls() throws Exception {
        assertHandshake(ServerTls.context(certificate, key, false));
    }

    @Test
    void aKeystoreServesTls() throws Exception {
        Path keystore = keystore("server.bcfks", readKey(key), "server");
        assertHandshake(ServerTls.fromKeystore(keystore, PASSWORD, false));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        KeyMaterialException pem = assertThrows(KeyMaterialException.class,
                () -> ServerTls.context(certificate, otherKey, false));
        assertEquals(Problem.KEY_MISMATCH, pem.problem());
        assertEquals(otherKey + " is not the private key of the first certificate in " + certificate, pem.getMessage());
        // A BCFKS keystore cannot hold such a pair: the FIPS provider refuses to store it.
        assertThrows(java.security.KeyStoreException.class, () -> keystore("mismatched.bcfks", readKey(otherKey), "server"));
    }

    @Test
    void filesThatAreNotPemAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        KeyMaterialException noCertificate = assertThrows(KeyMaterialException.class,
                () -> ServerTls.context(text, key, false));
        assertEquals(Problem.NOT_PEM, noCertificate.problem());
        assertTrue(noCertificate.getMessage().startsWith(text + " holds no PEM certificate"), noCertificate.getMessage());
        KeyMaterialException noKey = assertThrows(KeyMaterialException.class,
                () -> ServerTls.context(certificate, certificate, false));
        assertEquals(Problem.NOT_PEM, noKey.problem());
        assertTrue(noKey.getMessage().startsWith(certificate + " holds no unencrypted PEM private key"),
                noKey.getMessage());
    }

    @Test
    void aWrongPasswordIsToldApartFromAFileThatIsNoKeystore() throws Exception {
        Path keystore = keystore("password.bcfks", readKey(key), "server");
        KeyMaterialException wrong = assertThrows(KeyMaterialException.class,
                () -> ServerTls.fromKeystore(keystore, "not the password at all".toCharArray(), false));
        assertEquals(Problem.WRONG_PASSWORD, wrong.problem());
        assertTrue(wrong.getMessage().startsWith("wrong password for keystore " + keystore), wrong.getMessage());

        OpenSsl.ok(dir, null, "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + new String(PASSWORD));
        KeyMaterialException pkcs12 = assertThrows(KeyMaterialException.class,
                () -> ServerTls.fromKeystore(dir.resolve("server.p12"), PASSWORD, false));
        assertEquals(Problem.NOT_A_KEYSTORE, pkcs12.problem());
        assertTrue(pkcs12.getMessage().contains("is not a BCFKS keystore")
                && pkcs12.getMessage().contains("keytool -importkeystore"), pkcs12.getMessage());
    }

    @Test
    void aKeystoreWithTwoKeysIsRefusedRatherThanGuessed() throws Exception {
        Path keystore = keystore("two.bcfks", readKey(key), "server", "spare");
        KeyMaterialException two = assertThrows(KeyMaterialException.class,
                () -> ServerTls.fromKeystore(keystore, PASSWORD, false));
        assertEquals(Problem.NOT_A_KEYSTORE, two.problem());
        assertEquals("keystore " + keystore + " holds 2 private keys [server, spare]; keep only the server's key and "
                + "certificate chain.", two.getMessage().replace("[spare, server]", "[server, spare]"));
    }

    /** A BCFKS keystore with {@code privateKey} and the test certificate under each alias. */
    private static Path keystore(String name, PrivateKey privateKey, String... aliases) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStores.TYPE, FipsProviders.provider());
        store.load(null, null);
        for (String alias : aliases) {
            store.setKeyEntry(alias, privateKey, PASSWORD, new Certificate[] {readCertificate()});
        }
        Path file = dir.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        String body = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static Certificate readCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A TLS 1.3 handshake with a client that trusts only the test certificate, which the server must present. */
    private static void assertHandshake(SSLContext server) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", readCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            listening.setEnabledProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                    listening.getLocalPort())) {
                socket.startHandshake();
                assertEquals(1, socket.getInputStream().read());
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertArrayEquals(readCertificate().getEncoded(),
                        socket.getSession().getPeerCertificates()[0].getEncoded());
            }
            accepted.get(10, TimeUnit.SECONDS);
        }
    }
}
