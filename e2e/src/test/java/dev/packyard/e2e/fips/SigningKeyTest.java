package dev.packyard.e2e.fips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.e2e.RegistryProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's own signing key: made with {@code openssl}, imported with {@code packyard key import --fips} (the
 * packaged server's command, run as a process), published by the server in FIPS mode, and the registry's signatures
 * checked by {@code openssl dgst -verify} with the operator's public key.
 */
class SigningKeyTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anImportedKeySignsInFipsMode(@TempDir Path dir) throws Exception {
        run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ops.key");
        run(dir, "openssl", "pkey", "-in", "ops.key", "-pubout", "-out", "ops.pub");
        Path data = dir.resolve("data");
        String imported = run(dir, java(), "-jar", System.getProperty("packyard.server.jar"), "key", "import",
                "ops.key", "--data", data.toString(), "--fips");
        assertTrue(imported.contains("the registry now signs with its new key (EC_P256"), imported);

        try (RegistryProcess server = RegistryProcess.start(data, "--no-builtin-catalog", "--fips")) {
            assertEquals(Files.readString(dir.resolve("ops.pub")).strip(), get(server, "/v1/signing/cosign.pub").strip());

            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            String configDigest = pushBlob(server, config);
            String manifest = """
                    {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                     "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "%s", "size": %d},
                     "layers": []}""".formatted(configDigest, config.length);
            HttpResponse<String> put = send(server, HttpRequest.newBuilder(server.baseUri().resolve(
                    "/v2/ops/app/manifests/1.0")).header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
            assertEquals(201, put.statusCode(), put.body());
            HttpResponse<String> signed = send(server, HttpRequest.newBuilder(server.baseUri().resolve("/v1/signatures"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reference\": \"ops/app:1.0\"}")));
            assertEquals(201, signed.statusCode(), signed.body());

            JsonNode layer = json.readTree(get(server, "/v2/ops/app/manifests/"
                    + json.readTree(signed.body()).path("signature").asText())).path("layers").get(0);
            Files.writeString(dir.resolve("payload.json"), get(server, "/v2/ops/app/blobs/" + layer.path("digest").asText()));
            Files.write(dir.resolve("payload.sig"), Base64.getDecoder().decode(
                    layer.path("annotations").path("dev.cosignproject.cosign/signature").asText()));
            String verified = run(dir, "openssl", "dgst", "-sha256", "-verify", "ops.pub", "-signature", "payload.sig",
                    "payload.json");
            assertEquals("Verified OK", verified.strip());
        }
    }

    private String get(RegistryProcess server, String path) throws Exception {
        HttpResponse<String> response = send(server, HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, */*"));
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private String pushBlob(RegistryProcess server, byte[] content) throws Exception {
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        HttpResponse<String> pushed = send(server, HttpRequest.newBuilder(server.baseUri().resolve(
                "/v2/ops/app/blobs/uploads/?digest=" + digest)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertEquals(201, pushed.statusCode(), pushed.body());
        return digest;
    }

    private HttpResponse<String> send(RegistryProcess server, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Runs a command in {@code dir}; fails the test unless it exits 0, and returns what it printed. */
    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
