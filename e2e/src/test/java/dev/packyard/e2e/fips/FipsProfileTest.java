package dev.packyard.e2e.fips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FIPS-mode registry resolves only profiles meant for FIPS clusters: a non-FIPS infrastructure pack is refused
 * even when the request allows non-FIPS add-ons, a non-FIPS add-on only when it does not; every lock says how FIPS
 * it is.
 */
class FipsProfileTest {

    private static final String CLUSTER = """
            name: fips-cluster
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
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> resolve(RegistryProcess server, String query, String profile) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/profiles/resolve" + query))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(profile)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nonFipsPacksAreRefusedInFipsMode(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(dir.resolve("data"), "--fips")) {
            HttpResponse<String> cluster = resolve(server, "", CLUSTER);
            assertEquals(422, cluster.statusCode(), cluster.body());
            JsonNode error = new ObjectMapper().readTree(cluster.body()).path("errors").get(0);
            assertEquals("NOT_FIPS", error.path("code").asText());
            for (String pack : new String[] {"ubuntu 22.04.5 (os)", "kubernetes 1.30.6 (k8s)", "csi-local-path 0.0.30 (csi)"}) {
                assertTrue(error.path("message").asText().contains(pack), cluster.body());
            }
            assertTrue(!error.path("message").asText().contains("cni-calico"), "calico is FIPS: " + cluster.body());
            assertEquals(422, resolve(server, "?allowNonFipsAddons=true", CLUSTER).statusCode(),
                    "allowing add-ons does not let infrastructure through");

        }
    }

    @Test
    void outsideFipsModeTheLockStillSaysHowFipsItIs(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(dir.resolve("data"))) {
            HttpResponse<String> cluster = resolve(server, "", CLUSTER);
            assertEquals(200, cluster.statusCode(), cluster.body());
            assertEquals("partial", cluster.headers().firstValue("Packyard-FIPS-Status").orElseThrow());
            HttpResponse<String> validated = http.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                    + "/v1/profiles/validate")).header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(CLUSTER)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode fips = new ObjectMapper().readTree(validated.body()).path("fips");
            assertEquals("partial", fips.path("status").asText(), validated.body());
            assertEquals(3, fips.path("notFips").size(), validated.body());
        }
    }

    /** FIPS infrastructure: the built-in OS, Kubernetes and CSI packs as FIPS builds, beside the FIPS Calico. */
    private static final String FIPS_CLUSTER = """
            name: fips-cluster
            version: 1.0.0
            type: full
            cloudType: aws
            layers:
              - name: ubuntu
                version: 22.04.6
              - name: kubernetes
                version: 1.30.7
              - name: cni-calico
              - name: csi-local-path
                version: 0.0.31
              - name: cert-manager
            """;

    @Test
    void nonFipsAddonsPassOnlyWhenTheRequestAllowsThem(@TempDir Path dir) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(dir.resolve("data"), "--fips")) {
            pushFipsBuild(server, "ubuntu-22.04.5", "22.04.6");
            pushFipsBuild(server, "kubernetes-1.30.6", "1.30.7");
            pushFipsBuild(server, "csi-local-path-0.0.30", "0.0.31");

            HttpResponse<String> fipsOnly = resolve(server, "", FIPS_CLUSTER);
            assertEquals(200, fipsOnly.statusCode(), fipsOnly.body());
            assertEquals("full", fipsOnly.headers().firstValue("Packyard-FIPS-Status").orElseThrow());

            String withMetricsServer = FIPS_CLUSTER + "  - name: metrics-server\n";
            HttpResponse<String> refused = resolve(server, "", withMetricsServer);
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode error = new ObjectMapper().readTree(refused.body()).path("errors").get(0);
            assertEquals("NOT_FIPS", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("metrics-server 0.7.2 (addon)"), refused.body());
            for (String fips : new String[] {"ubuntu", "kubernetes", "cni-calico", "csi-local-path", "cert-manager"}) {
                assertTrue(!error.path("message").asText().contains(fips + " "), fips + " is FIPS: " + refused.body());
            }

            HttpResponse<String> allowed = resolve(server, "?allowNonFipsAddons=true", withMetricsServer);
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("partial", allowed.headers().firstValue("Packyard-FIPS-Status").orElseThrow());
            JsonNode lock = new ObjectMapper().readTree(allowed.body());
            assertEquals(6, lock.path("layers").size(), allowed.body());
            assertTrue(allowed.body().contains("\"22.04.6\"") && allowed.body().contains("\"0.7.2\""), allowed.body());
        }
    }

    /**
     * Pushes the built-in pack {@code folder} again as a FIPS build: {@code fips: "true"} among its annotations and
     * {@code version} as its version, the way a vendor ships a FIPS variant beside the ordinary one.
     */
    private void pushFipsBuild(RegistryProcess server, String folder, String version) throws Exception {
        PackFiles original = PackFiles.readFolder(Path.of("..", "packs", "catalog", folder));
        ObjectMapper json = new ObjectMapper();
        ObjectNode packJson = (ObjectNode) json.readTree(original.file("pack.json").orElseThrow());
        packJson.put("version", version);
        packJson.with("annotations").put("fips", "true");
        SortedMap<String, byte[]> files = new TreeMap<>(original.files());
        files.put("pack.json", json.writeValueAsBytes(packJson));
        String name = packJson.path("name").asText();
        String repository = "spectro-packs/archive/" + name;
        byte[] archive = PackArchive.create(new PackFiles(files), name + "-" + version);
        byte[] config = files.get("pack.json");

        ObjectNode manifest = json.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("artifactType", "application/vnd.packyard.pack.v1");
        manifest.putObject("config").put("mediaType", "application/vnd.packyard.pack.config.v1+json")
                .put("digest", pushBlob(server, repository, config)).put("size", config.length);
        ObjectNode layer = manifest.putArray("layers").addObject();
        layer.put("mediaType", "application/vnd.packyard.pack.layer.v1.tar+gzip")
                .put("digest", pushBlob(server, repository, archive)).put("size", archive.length);
        layer.putObject("annotations").put("org.opencontainers.image.title", name + "-" + version + ".tar.gz");
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(server.baseUri().resolve(
                        "/v2/" + repository + "/manifests/" + version))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(manifest))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, pushed.statusCode(), pushed.body());
    }

    private String pushBlob(RegistryProcess server, String repository, byte[] content) throws Exception {
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(server.baseUri().resolve(
                        "/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, pushed.statusCode(), pushed.body());
        return digest;
    }
}
