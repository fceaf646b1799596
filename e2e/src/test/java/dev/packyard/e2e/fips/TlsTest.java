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
 * HTTPS with {@code --tls-cert} and {@code --tls-key}, outside and inside FIPS mode. In FIPS mode the server's TLS is
 * Bouncy Castle's JSSE in FIPS mode: TLS 1.2 and 1.3 with approved suites only, so a client that offers nothing but
 * ChaCha20-Poly1305 fails the handshake while one offering AES-GCM gets through. The certificate is made with
 * {@code openssl}, as an operator would.
 */
class TlsTest {

    @TempDir
    static Path keys;
    private static Path certificate;
    private static Path key;
    private static SSLContext trust;

    @BeforeAll
    static void certificate() {
        TestCertificates certificates = TestCertificates.create(keys);
        certificate = certificates.certificate();
        key = certificates.key();
        trust = certificates.trust();
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
}
