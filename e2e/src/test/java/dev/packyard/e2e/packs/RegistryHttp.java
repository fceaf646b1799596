package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain HTTP against the server: the catalog API, tag lists, manifest HEADs and DELETEs. */
final class RegistryHttp {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String PACK_ARTIFACT = "application/vnd.packyard.pack.v1";
    static final String PACK_CONFIG = "application/vnd.packyard.pack.config.v1+json";
    static final String PACK_LAYER = "application/vnd.packyard.pack.layer.v1.tar+gzip";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RegistryHttp(URI base) {
        this.base = base;
    }

    /** {@code spectro-packs/archive/<name>}. */
    static String repository(String pack) {
        return "spectro-packs/archive/" + pack;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GETs a JSON document that must be there (200). */
    JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), () -> "GET " + path + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int status(String path) {
        return get(path).statusCode();
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).DELETE().build());
    }

    /** The repository's tags, sorted as the server lists them; empty when the repository does not exist. */
    List<String> tags(String repository) {
        HttpResponse<String> response = get("/v2/" + repository + "/tags/list?n=10000");
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertEquals(200, response.statusCode(), response::body);
        List<String> tags = new ArrayList<>();
        try {
            JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags;
    }

    /** Every repository in the registry. */
    List<String> repositories() {
        List<String> names = new ArrayList<>();
        json("/v2/_catalog?n=10000").path("repositories").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The digest a manifest HEAD by tag or digest answers with; empty on 404. */
    Optional<String> manifestDigest(String repository, String reference) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", OCI_MANIFEST)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        assertEquals(200, response.statusCode(), () -> "HEAD " + repository + ":" + reference);
        return response.headers().firstValue("Docker-Content-Digest");
    }

    /** The manifest stored for a tag or digest, parsed. */
    JsonNode manifest(String repository, String reference) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", OCI_MANIFEST).GET().build());
        assertEquals(200, response.statusCode(), () -> "GET manifest " + repository + ":" + reference + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PUTs a manifest (OCI image manifest media type) by tag or digest. */
    HttpResponse<String> putManifest(String repository, String reference, byte[] manifest) {
        return send(HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build());
    }

    /** The items of {@code GET /v1/packs}, all on one page. */
    JsonNode packs() {
        JsonNode page = json("/v1/packs?limit=500");
        assertEquals(page.path("total").asInt(), page.path("items").size(), "the catalog has more than one page");
        return page.path("items");
    }

    /** The catalog's digest of one pack version ({@code GET /v1/packs/{name}/{version}}). */
    String catalogDigest(String name, String version) {
        return json("/v1/packs/" + name + "/" + version).path("digest").asText();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
