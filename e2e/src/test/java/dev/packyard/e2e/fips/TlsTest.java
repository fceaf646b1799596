package dev.packyard.e2e.fips;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS with {@code --tls-cert} and {@code --tls-key}, or with a BCFKS keystore, outside and inside FIPS mode. In FIPS mode the server's TLS is
 * Bouncy Castle's JSSE in FIPS mode: TLS 1.2 and 1.3 with approved suites only, so a client that offers nothing but
 * ChaCha20-Poly1305 fails the handshake while one offering AES-GCM gets through. The certificate is made with
 * {@code openssl}, as an operator would.
 */
class TlsTest {

    private static final String KEYSTORE_PASSWORD = "server keystore password";

    @TempDir
    static Path keys;
    private static Path certificate;
    private static Path key;
    private static Path keystore;
    private static Path keystorePassword;
    private static SSLContext trust;

    @BeforeAll
    static void certificate() {
        TestCertificates certificates = TestCertificates.create(keys);
        certificate = certificates.certificate();
        key = certificates.key();
        trust = certificates.trust();
        keystore = certificates.bcfksKeystore(KEYSTORE_PASSWORD);
        keystorePassword = keystore.resolveSibling(keystore.getFileName() + ".password");
    }

    private static HttpClient client(String protocol, String cipherSuite) {
        SSLParameters parameters = new SSLParameters(new String[] {cipherSuite}, new String[] {protocol});
        return HttpClient.newBuilder().sslContext(trust).sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** A blob pushed and pulled back over HTTPS, byte for byte. */
    private static void pushAndPull(RegistryProcess server) throws Exception {
        byte[] blob = "carried over TLS".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> pushed = client().send(HttpRequest.newBuilder(server.baseUri().resolve(
                "/v2/tls/app/blobs/uploads/?digest=" + sha256(blob))).POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, pushed.statusCode(), pushed.body());
        HttpResponse<byte[]> pulled = client().send(HttpRequest.newBuilder(server.baseUri().resolve(
                "/v2/tls/app/blobs/" + sha256(blob))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pulled.statusCode());
        assertEquals(new String(blob, StandardCharsets.UTF_8), new String(pulled.body(), StandardCharsets.UTF_8));
    }

    @Test
    void httpsOutsideFipsMode(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.startHttps(dir.resolve("data"), trust, "--no-builtin-catalog",
                "--tls-cert", certificate.toString(), "--tls-key", key.toString())) {
            assertTrue(server.baseUri().toString().startsWith("https://"));
            pushAndPull(server);
            assertTrue(Files.readString(server.log()).contains("listening on https://"), Files.readString(server.log()));
            URI plain = URI.create("http://127.0.0.1:" + server.port() + "/health");
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                    "plain HTTP is not answered on an HTTPS port");
        }
    }

    @Test
    void fipsModeOffersApprovedSuitesOnly(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.startHttps(dir.resolve("data"), trust, "--no-builtin-catalog",
                "--fips", "--tls-cert", certificate.toString(), "--tls-key", key.toString())) {
            HttpRequest fips = HttpRequest.newBuilder(server.baseUri().resolve("/v1/fips")).build();
            String status = client().send(fips, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(new ObjectMapper().readTree(status).path("approvedOnly").asBoolean(), status);
            pushAndPull(server);

            for (List<String> approved : List.of(List.of("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
                    List.of("TLSv1.3", "TLS_AES_256_GCM_SHA384"),
                    List.of("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))) {
                assertEquals(200, client(approved.get(0), approved.get(1)).send(fips,
                        HttpResponse.BodyHandlers.ofString()).statusCode(), approved + " is approved");
            }
            for (List<String> refused : List.of(List.of("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"),
                    List.of("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))) {
                assertThrows(IOException.class, () -> client(refused.get(0), refused.get(1)).send(fips,
                        HttpResponse.BodyHandlers.ofString()), refused + " is not approved: the handshake fails");
            }
        }
    }

    @Test
    void aBcfksKeystoreServesHttpsInBothModes(@TempDir Path dir) throws Exception {
        for (boolean fipsMode : List.of(false, true)) {
            List<String> arguments = new java.util.ArrayList<>(List.of("--no-builtin-catalog",
                    "--tls-keystore", keystore.toString(), "--tls-keystore-password-file", keystorePassword.toString()));
            if (fipsMode) {
                arguments.add("--fips");
            }
            try (RegistryProcess server = RegistryProcess.startHttps(dir.resolve("data-" + fipsMode), trust,
                    arguments.toArray(String[]::new))) {
                pushAndPull(server);
                String status = client().send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/fips")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertEquals(fipsMode, new ObjectMapper().readTree(status).path("approvedOnly").asBoolean(), status);
            }
        }
    }

    @Test
    void unusableTlsMaterialStopsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
        Path wrongPassword = Files.writeString(dir.resolve("wrong.password"), "not the keystore password\n");
        assertStartRefused(dir.resolve("wrong-password"), "packyard: could not start: tls: wrong password for keystore "
                + keystore, "--tls-keystore", keystore.toString(), "--tls-keystore-password-file", wrongPassword.toString());

        Path otherKey = TestCertificates.create(dir.resolve("other")).key();
        assertStartRefused(dir.resolve("mismatch"), "packyard: could not start: tls: " + otherKey
                + " is not the private key of the first certificate in " + certificate,
                "--fips", "--tls-cert", certificate.toString(), "--tls-key", otherKey.toString());

        assertStartRefused(dir.resolve("not-pem"), "packyard: could not start: tls: " + keystorePassword
                + " holds no PEM certificate", "--tls-cert", keystorePassword.toString(), "--tls-key", key.toString());
    }

    /** The server exits with 1 before listening, and says why on its first line of output; no data is written. */
    private static void assertStartRefused(Path data, String firstLine, String... arguments) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--no-builtin-catalog"));
        all.addAll(List.of(arguments));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RegistryProcess.startHttps(data, trust, all.toArray(String[]::new)));
        assertTrue(refused.getMessage().startsWith("the server exited with 1"), refused.getMessage());
        String log = Files.readString(data.resolveSibling(data.getFileName() + "-server.log"));
        assertTrue(log.lines().anyMatch(line -> line.startsWith(firstLine)), log);
        assertTrue(!log.contains("\tat "), "no stack trace: " + log);
        try (var written = Files.list(data)) {
            assertEquals(List.of(), written.toList(), "nothing is stored before TLS is ready");
        }
    }
}
