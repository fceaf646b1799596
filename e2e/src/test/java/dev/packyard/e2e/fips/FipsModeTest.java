package dev.packyard.e2e.fips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.e2e.RegistryProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server in FIPS mode ({@code --fips}): Bouncy Castle FIPS in approved-only mode does its hashing and
 * signing, and says so at {@code GET /v1/fips}. Its signatures are checked here with the JDK's own provider.
 */
class FipsModeTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(RegistryProcess server, String method, String path, String contentType,
                                      byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256", "SUN").digest(content));
    }

    @Test
    void theServerHashesAndSignsWithBouncyCastleFipsInApprovedOnlyMode(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(dir.resolve("data"), "--fips", "--no-builtin-catalog")) {
            JsonNode fips = json.readTree(send(server, "GET", "/v1/fips", null, null).body());
            assertTrue(fips.path("enabled").asBoolean(), fips.toString());
            assertTrue(fips.path("approvedOnly").asBoolean(), fips.toString());
            assertTrue(fips.path("selfTest").asBoolean(), fips.toString());
            assertEquals("2.1.3", fips.path("moduleVersion").asText(), fips.toString());
            assertEquals("#4943", fips.path("certificate").asText(), fips.toString());
            String log = Files.readString(server.log());
            assertTrue(log.contains("FIPS mode: ") && log.contains("approved-only, self-test passed"), log);

            // Blobs are hashed by the server on the way in: a right digest is stored, a wrong one refused.
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            byte[] layer = "a layer hashed in FIPS mode".getBytes(StandardCharsets.UTF_8);
            for (byte[] blob : new byte[][] {config, layer}) {
                HttpResponse<String> put = send(server, "POST", "/v2/fips/app/blobs/uploads/?digest=" + sha256(blob),
                        "application/octet-stream", blob);
                assertEquals(201, put.statusCode(), put.body());
            }
            HttpResponse<String> wrong = send(server, "POST", "/v2/fips/app/blobs/uploads/?digest=" + sha256(config),
                    "application/octet-stream", layer);
            assertEquals(400, wrong.statusCode(), wrong.body());
            assertTrue(wrong.body().contains("DIGEST_INVALID"), wrong.body());

            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(layer) + "\",\"size\":"
                    + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> pushed = send(server, "PUT", "/v2/fips/app/manifests/1.0",
                    "application/vnd.oci.image.manifest.v1+json", manifest);
            assertEquals(201, pushed.statusCode(), pushed.body());
            assertEquals(sha256(manifest), pushed.headers().firstValue("Docker-Content-Digest").orElseThrow());

            // The registry's key signs; the JDK's SunEC provider, not Bouncy Castle, checks the signature.
            HttpResponse<String> signed = send(server, "POST", "/v1/signatures", "application/json",
                    "{\"reference\": \"fips/app:1.0\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(201, signed.statusCode(), signed.body());
            String tag = json.readTree(signed.body()).path("tag").asText();
            JsonNode signatureLayer = json.readTree(send(server, "GET", "/v2/fips/app/manifests/" + tag, null, null)
                    .body()).path("layers").get(0);
            byte[] payload = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/fips/app/blobs/"
                    + signatureLayer.path("digest").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            String pem = send(server, "GET", "/v1/signing/cosign.pub", null, null).body();
            PublicKey key = KeyFactory.getInstance("EC", "SunEC").generatePublic(new X509EncodedKeySpec(
                    Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
            Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
            verifier.initVerify(key);
            verifier.update(payload);
            assertTrue(verifier.verify(Base64.getDecoder().decode(signatureLayer.path("annotations")
                    .path("dev.cosignproject.cosign/signature").asText())), "SunEC verifies the FIPS-made signature");
            assertTrue(new String(payload, StandardCharsets.UTF_8).contains(sha256(manifest)));
        }
    }

    @Test
    void outsideFipsModeTheStatusSaysSo(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(dir.resolve("data"), "--no-builtin-catalog")) {
            JsonNode fips = json.readTree(send(server, "GET", "/v1/fips", null, null).body());
            assertEquals(false, fips.path("enabled").asBoolean(), fips.toString());
            assertEquals(false, fips.path("approvedOnly").asBoolean(), fips.toString());
            assertEquals("2.1.3", fips.path("moduleVersion").asText(), fips.toString());
        }
    }
}
