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
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FIPS-mode registry resolves only profiles meant for FIPS clusters: a non-FIPS infrastructure pack is refused
 * even when the request allows non-FIPS add-ons; every lock says how FIPS it is.
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
}
