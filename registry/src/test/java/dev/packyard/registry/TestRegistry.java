package dev.packyard.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.registry.config.ServerSettings;
import dev.packyard.registry.config.TrustRule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** An in-process server on a free port and a few plain-HTTP helpers for tests of the JSON and OCI APIs. */
public final class TestRegistry implements AutoCloseable {

    private final PackyardServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public TestRegistry(Path data, boolean builtinCatalog) throws IOException {
        this(data, builtinCatalog, ServerSettings.DEFAULT_MAX_CHART_UPLOAD_BYTES);
    }

    /** With a chart upload limit ({@code charts.maxUploadBytes}) other than the default. */
    public TestRegistry(Path data, boolean builtinCatalog, long maxChartUploadBytes) throws IOException {
        ServerSettings settings = ServerSettings.defaults().withPort(0).withDataDir(data);
        this.server = PackyardServer.start(settings.withPacks(settings.maxPackBytes(), builtinCatalog)
                .withMaxChartUploadBytes(maxChartUploadBytes));
    }

    /** With trust policies (the config file's {@code trust} section). */
    public TestRegistry(Path data, boolean builtinCatalog, List<TrustRule> trust) throws IOException {
        ServerSettings settings = ServerSettings.defaults().withPort(0).withDataDir(data).withTrust(trust);
        this.server = PackyardServer.start(settings.withPacks(settings.maxPackBytes(), builtinCatalog));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a blob in one POST; returns its digest. */
    public String pushBlob(String repository, byte[] content) throws IOException, InterruptedException {
        String digest = sha256(content);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("blob push answered " + response.statusCode() + ": " + response.body());
        }
        return digest;
    }

    public HttpResponse<String> putManifest(String repository, String reference, byte[] manifest)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build());
    }

    /**
     * Pushes a small OCI image (an empty config and one layer holding {@code content}) to {@code repository:tag};
     * returns its manifest digest.
     */
    public String pushImage(String repository, String tag, String content) throws IOException, InterruptedException {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        String configDigest = pushBlob(repository, config);
        String layerDigest = pushBlob(repository, layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = putManifest(repository, tag, manifest);
        if (put.statusCode() != 201) {
            throw new AssertionError("pushing " + repository + ":" + tag + " answered " + put.statusCode() + ": "
                    + put.body());
        }
        return sha256(manifest);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    public JsonNode json(String body) throws IOException {
        return json.readTree(body);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
