package dev.packyard.e2e.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Plain HTTP (JDK client) against the server's Helm doors: the OCI registry API for manifests, tags and blobs,
 * the classic repository ({@code /helm/R/index.yaml}, {@code /helm/R/charts/...}) and the ChartMuseum API
 * ({@code /api/R/...}).
 */
final class HelmHttp {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    static final String HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    static final String HELM_PROV_LAYER = "application/vnd.cncf.helm.chart.provenance.v1.prov";

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private final URI base;
    private final Path serverLog;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HelmHttp(URI base, Path serverLog) {
        this.base = base;
        this.serverLog = serverLog;
    }

    /** A part of a multipart/form-data body. */
    record Part(String name, String fileName, byte[] content) {
    }

    // --- plain requests

    HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<byte[]> postRaw(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<byte[]> postMultipart(String path, Part... parts) {
        String boundary = "packyard-e2e-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + part.name() + "\"; filename=\"" + part.fileName() + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    HttpResponse<byte[]> delete(String path) {
        return send(request(path).DELETE().build());
    }

    // --- OCI

    /** The manifest of {@code repository:reference}, asking for an OCI image manifest. */
    HttpResponse<byte[]> manifest(String repository, String reference) {
        return get("/v2/" + repository + "/manifests/" + reference, "Accept", OCI_MANIFEST);
    }

    /** The manifest of {@code repository:reference} as JSON; it must be there. */
    JsonNode manifestJson(String repository, String reference) {
        HttpResponse<byte[]> response = manifest(repository, reference);
        assertEquals(200, response.statusCode(), () -> "GET manifest " + repository + ":" + reference + ": "
                + text(response) + logTail());
        return parse(response);
    }

    byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/blobs/" + digest);
        assertEquals(200, response.statusCode(), () -> "GET blob " + repository + "@" + digest + logTail());
        return response.body();
    }

    /** The repository's tags; empty when the repository does not exist. */
    List<String> tags(String repository) {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/tags/list?n=10000");
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), () -> text(response));
        List<String> tags = new ArrayList<>();
        parse(response).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    // --- classic Helm repository

    HttpResponse<byte[]> index(String repo, String... headers) {
        return get("/helm/" + repo + "/index.yaml", headers);
    }

    /** {@code /helm/R/index.yaml} parsed; it must answer 200. */
    JsonNode indexYaml(String repo) {
        HttpResponse<byte[]> response = index(repo);
        assertEquals(200, response.statusCode(), () -> "GET /helm/" + repo + "/index.yaml: " + text(response) + logTail());
        try {
            return YAML.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("index.yaml of " + repo + " is not YAML:\n" + text(response), e);
        }
    }

    /** The index's {@code entries}, the part that changes only with the charts (not {@code generated}). */
    JsonNode indexEntries(String repo) {
        return indexYaml(repo).path("entries");
    }

    HttpResponse<byte[]> chartFile(String repo, String fileName) {
        return get("/helm/" + repo + "/charts/" + fileName);
    }

    // --- helpers

    static JsonNode parse(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + text(response), e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** Bare hex SHA-256, as in index.yaml's {@code digest}. */
    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the server log, for an assertion message. */
    String logTail() {
        try {
            if (!Files.exists(serverLog)) {
                return "";
            }
            List<String> lines = Files.readAllLines(serverLog);
            return "\n--- last lines of " + serverLog + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "\n(" + e + ")";
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
