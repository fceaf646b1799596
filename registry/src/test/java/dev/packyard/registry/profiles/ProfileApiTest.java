package dev.packyard.registry.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile API against the built-in catalog: resolve, validate, store, export, import, update. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileApiTest {

    private static final String PROFILE = """
            name: web-cluster
            version: 1.0.0
            type: full
            cloudType: aws
            layers:
              - name: ubuntu
                version: lts__22.04.x
              - name: kubernetes
                version: 1.30.x
              - name: cni-calico
              - name: csi-local-path
              - name: cert-manager
                version: 1.14.x
              - name: kube-prometheus-stack
            """;

    private TestRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        registry = new TestRegistry(data, true);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(registry.uri(path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> layers(JsonNode lock) {
        List<String> layers = new ArrayList<>();
        lock.path("layers").forEach(l -> layers.add(l.path("installOrder").asInt() + " " + l.path("name").asText()
                + " " + l.path("version").asText()));
        return layers;
    }

    @Test
    void resolvesAFullStackReproducibly() throws Exception {
        HttpResponse<String> first = send("POST", "/v1/profiles/resolve", PROFILE);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(List.of("1 ubuntu 22.04.5", "2 kubernetes 1.30.6", "3 cni-calico 3.28.2", "4 csi-local-path 0.0.30",
                "5 cert-manager 1.14.5", "6 kube-prometheus-stack 65.1.1"), layers(registry.json(first.body())));
        JsonNode layer = registry.json(first.body()).path("layers").get(1);
        assertEquals(registry.getJson("/v1/packs/kubernetes/1.30.6").path("digest").asText(), layer.path("digest").asText());
        assertEquals(first.body(), send("POST", "/v1/profiles/resolve", PROFILE).body(), "same profile, same catalog: same lock");
        HttpResponse<String> yaml = send("POST", "/v1/profiles/resolve?format=yaml", PROFILE);
        assertTrue(yaml.body().startsWith("lockVersion: 1"), yaml.body());
    }

    @Test
    void explainsAnUnsatisfiableProfile() throws Exception {
        // kube-prometheus-stack requires cert-manager >= 1.14; pinning 1.13 leaves nothing to pick
        HttpResponse<String> response = send("POST", "/v1/profiles/resolve",
                PROFILE.replace("version: 1.14.x", "version: 1.13.x").replace("1.30.x", "1.27.x"));
        assertEquals(422, response.statusCode(), response.body());
        JsonNode errors = registry.json(response.body()).path("errors");
        assertTrue(errors.size() >= 2, response.body());
        assertTrue(response.body().contains("kubernetes") && response.body().contains("1.27.x"), response.body());
        assertTrue(errors.get(0).path("fix").asText().length() > 0, response.body());
        HttpResponse<String> broken = send("POST", "/v1/profiles/resolve", "name: x\nlayers: [\n");
        assertEquals(422, broken.statusCode(), broken.body());
    }

    @Test
    void validatesWithoutStoring() throws Exception {
        HttpResponse<String> valid = send("POST", "/v1/profiles/validate", PROFILE.replace("web-cluster", "validated-only"));
        assertEquals(200, valid.statusCode(), valid.body());
        assertTrue(registry.json(valid.body()).path("valid").asBoolean());
        assertEquals(6, registry.json(valid.body()).path("layers").size());
        assertEquals(422, send("POST", "/v1/profiles/validate", PROFILE.replace("type: full", "type: mixed")).statusCode());
        assertEquals(404, registry.get("/v1/profiles/validated-only/1.0.0").statusCode(), "validate stores nothing");
    }

    @Test
    void storesExportsImportsAndDeletesProfiles() throws Exception {
        assertEquals(201, send("PUT", "/v1/profiles/web-cluster/1.0.0", PROFILE).statusCode());
        assertEquals(200, send("PUT", "/v1/profiles/web-cluster/1.0.0", PROFILE).statusCode(), "replacing answers 200");
        HttpResponse<String> mismatch = send("PUT", "/v1/profiles/web-cluster/2.0.0", PROFILE);
        assertEquals(400, mismatch.statusCode());
        assertTrue(mismatch.body().contains("/v1/profiles/web-cluster/1.0.0"), mismatch.body());
        JsonNode exported = registry.getJson("/v1/profiles/web-cluster/1.0.0");
        assertEquals("web-cluster", exported.path("name").asText());
        assertEquals(6, exported.path("layers").size());
        // import the exported JSON as a new version
        String imported = exported.toString().replace("\"1.0.0\"", "\"1.1.0\"");
        assertEquals(201, send("POST", "/v1/profiles", imported).statusCode());
        assertEquals(List.of("1.0.0", "1.1.0"), versions());
        HttpResponse<String> resolved = send("POST", "/v1/profiles/web-cluster/1.1.0/resolve", "");
        assertEquals(200, resolved.statusCode(), resolved.body());
        assertEquals(204, send("DELETE", "/v1/profiles/web-cluster/1.1.0", "").statusCode());
        assertEquals(404, registry.get("/v1/profiles/web-cluster/1.1.0").statusCode());
        assertEquals(404, send("DELETE", "/v1/profiles/web-cluster/1.1.0", "").statusCode());
    }

    private List<String> versions() throws Exception {
        List<String> versions = new ArrayList<>();
        registry.getJson("/v1/profiles/web-cluster").path("versions").forEach(v -> versions.add(v.asText()));
        return versions;
    }

    @Test
    void updatesAPreviousLockAndReportsChanges() throws Exception {
        String oldLock = send("POST", "/v1/profiles/resolve", PROFILE.replace("1.30.x", "1.29.x")).body();
        com.fasterxml.jackson.databind.node.ObjectNode request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        request.put("profile", PROFILE);
        request.set("lock", registry.json(oldLock));
        HttpResponse<String> updated = send("POST", "/v1/profiles/resolve", request.toString());
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode body = registry.json(updated.body());
        assertTrue(layers(body.path("lock")).contains("2 kubernetes 1.30.6"), updated.body());
        List<String> changed = new ArrayList<>();
        body.path("changes").forEach(c -> changed.add(c.path("layer").asText() + " " + c.path("from").asText() + " -> "
                + c.path("to").asText()));
        assertTrue(changed.contains("kubernetes 1.29.10 -> 1.30.6"), changed.toString());
    }
}
