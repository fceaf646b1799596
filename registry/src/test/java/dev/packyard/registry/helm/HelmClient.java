package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.registry.TestRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP calls of the Helm doors (ChartMuseum API, Helm repository, OCI) against a {@link TestRegistry}. */
final class HelmClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private final TestRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    HelmClient(TestRegistry registry) {
        this.registry = registry;
    }

    TestRegistry registry() {
        return registry;
    }

    /** Any request; {@code headers} alternate name and value. */
    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + text(response), e);
        }
    }

    /** POST /api/R/charts with the package as the raw body, as {@code curl --data-binary @x.tgz} sends it. */
    HttpResponse<byte[]> upload(String repository, byte[] tgz) {
        return send("POST", "/api/" + repository + "/charts", tgz, "Content-Type", "application/x-www-form-urlencoded");
    }

    HttpResponse<byte[]> uploadMultipart(String path, TestCharts.Multipart form) {
        return send("POST", path, form.body(), "Content-Type", form.contentType());
    }

    void uploadOk(String repository, byte[] tgz) {
        HttpResponse<byte[]> response = upload(repository, tgz);
        assertEquals(201, response.statusCode(), () -> text(response));
        assertEquals("{\"saved\":true}", text(response));
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, null);
    }

    byte[] indexBytes(String repository) {
        HttpResponse<byte[]> response = get("/helm/" + repository + "/index.yaml");
        assertEquals(200, response.statusCode(), () -> text(response));
        return response.body();
    }

    JsonNode index(String repository) {
        return parseYaml(indexBytes(repository));
    }

    static JsonNode parseYaml(byte[] yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new AssertionError("index.yaml does not parse: " + new String(yaml, StandardCharsets.UTF_8), e);
        }
    }

    /** The versions index.yaml lists for chart {@code name}, in its order. */
    static List<String> versions(JsonNode index, String name) {
        List<String> versions = new ArrayList<>();
        index.path("entries").path(name).forEach(entry -> versions.add(entry.path("version").asText()));
        return versions;
    }

    static Optional<JsonNode> entry(JsonNode index, String name, String version) {
        for (JsonNode entry : index.path("entries").path(name)) {
            if (entry.path("version").asText().equals(version)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The versions the ChartMuseum API lists for {@code name}, in its order; empty when it answers 404. */
    List<String> apiVersions(String repository, String name) {
        HttpResponse<byte[]> response = get("/api/" + repository + "/charts/" + name);
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), () -> text(response));
        List<String> versions = new ArrayList<>();
        json(response).forEach(entry -> versions.add(entry.path("version").asText()));
        return versions;
    }

    /** The tags of an OCI repository; empty when it does not exist. */
    List<String> tags(String ociRepository) {
        HttpResponse<byte[]> response = get("/v2/" + ociRepository + "/tags/list");
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), () -> text(response));
        List<String> tags = new ArrayList<>();
        json(response).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** What a refused request must leave as it was: the ChartMuseum listing, index.yaml and the OCI catalog. */
    record State(String apiList, byte[] index, String catalog) {
        void assertUnchanged(State after, String what) {
            assertEquals(apiList, after.apiList, what + ": the ChartMuseum listing changed");
            assertArrayEquals(index, after.index, () -> what + ": index.yaml changed:\n"
                    + new String(index, StandardCharsets.UTF_8) + "\n---\n" + new String(after.index, StandardCharsets.UTF_8));
            assertEquals(catalog, after.catalog, what + ": /v2/_catalog changed");
        }
    }

    State state(String repository) {
        HttpResponse<byte[]> list = get("/api/" + repository + "/charts");
        assertEquals(200, list.statusCode(), () -> text(list));
        HttpResponse<byte[]> catalog = get("/v2/_catalog");
        assertEquals(200, catalog.statusCode(), () -> text(catalog));
        return new State(text(list), indexBytes(repository), text(catalog));
    }

    /** Asserts a refusal: status, ChartMuseum error body with {@code code}, and each of {@code mentions}. */
    static void assertError(HttpResponse<byte[]> response, int status, String code, String... mentions) {
        assertEquals(status, response.statusCode(), () -> text(response));
        JsonNode body = json(response);
        assertEquals(code, body.path("code").asText(), () -> text(response));
        String message = body.path("error").asText();
        for (String mention : mentions) {
            assertEquals(true, message.contains(mention), () -> "'" + mention + "' missing from: " + message);
        }
    }

    // ---- OCI door

    /** Helm's config blob: Chart.yaml as JSON. */
    static byte[] config(String name, String version) {
        ObjectNode config = JSON.createObjectNode();
        config.put("name", name);
        config.put("version", version);
        config.put("description", "A Helm chart for Kubernetes");
        config.put("apiVersion", "v2");
        config.put("appVersion", "1.16.0");
        config.put("type", "application");
        return config.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Pushes blobs and a manifest the way {@code helm push} does: no mediaType field in the manifest, sent as an OCI
     * image manifest. {@code prov} may be null.
     */
    HttpResponse<String> pushOci(String ociRepository, String tag, byte[] config, byte[] chart, byte[] prov) {
        return putManifest(ociRepository, tag, pushBlobs(ociRepository, config, chart, prov));
    }

    /** Pushes the blobs of a Helm chart artifact; returns its manifest, not yet pushed. */
    byte[] pushBlobs(String ociRepository, byte[] config, byte[] chart, byte[] prov) {
        try {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.set("config", descriptor(HelmMediaTypes.CONFIG, registry.pushBlob(ociRepository, config), config.length));
            manifest.putArray("layers").add(descriptor(HelmMediaTypes.CHART, registry.pushBlob(ociRepository, chart),
                    chart.length));
            if (prov != null) {
                manifest.withArray("layers").add(descriptor(HelmMediaTypes.PROVENANCE,
                        registry.pushBlob(ociRepository, prov), prov.length));
            }
            manifest.putObject("annotations").put("org.opencontainers.image.created", "2024-05-01T10:00:00Z");
            return manifestBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> putManifest(String ociRepository, String reference, byte[] manifest) {
        try {
            return registry.putManifest(ociRepository, reference, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode descriptor = JSON.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", size);
        return descriptor;
    }

    static byte[] manifestBytes(ObjectNode manifest) {
        return manifest.toString().getBytes(StandardCharsets.UTF_8);
    }
}
