package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import dev.packyard.registry.config.TrustRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Under an enforcing trust policy the resolver locks only packs a trusted key signed. */
class TrustedLockTest {

    private static final String PROFILE = """
            name: signed-cluster
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

    @Test
    void aLockOfUnsignedPacksIsRefusedUntilTheyAreSigned(@TempDir Path data) throws Exception {
        try (TestRegistry registry = new TestRegistry(data, true, List.of(
                new TrustRule("spectro-packs", TrustRule.Mode.ENFORCE, List.of(TrustRule.REGISTRY_KEY))))) {
            HttpResponse<String> refused = resolve(registry);
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode error = registry.json(refused.body()).path("errors").get(0);
            assertEquals("UNTRUSTED", error.path("code").asText());
            for (String pack : List.of("ubuntu 22.04.5", "kubernetes 1.30.6", "cni-calico 3.28.2", "csi-local-path 0.0.30")) {
                assertTrue(error.path("message").asText().contains(pack), refused.body());
            }
            assertTrue(error.path("message").asText().contains("the lock would pin 4 pack(s)"), refused.body());

            for (String pack : List.of("ubuntu:22.04.5", "kubernetes:1.30.6", "cni-calico:3.28.2")) {
                sign(registry, "spectro-packs/archive/" + pack);
            }
            HttpResponse<String> oneLeft = resolve(registry);
            assertEquals(422, oneLeft.statusCode(), oneLeft.body());
            assertTrue(oneLeft.body().contains("the lock would pin 1 pack(s)") && oneLeft.body().contains("csi-local-path"),
                    oneLeft.body());

            sign(registry, "spectro-packs/archive/csi-local-path:0.0.30");
            HttpResponse<String> locked = resolve(registry);
            assertEquals(200, locked.statusCode(), locked.body());
            assertEquals(4, registry.json(locked.body()).path("layers").size());

            // The catalog shows each version's status.
            JsonNode signed = registry.getJson("/v1/packs/ubuntu/22.04.5").path("signature");
            assertEquals("{\"signed\":true,\"verified\":true,\"verifiedBy\":[\"registry\"]}", signed.toString());
            JsonNode versions = registry.getJson("/v1/packs/kubernetes").path("versions");
            for (JsonNode version : versions) {
                boolean expected = version.path("version").asText().equals("1.30.6");
                assertEquals(expected, version.path("signature").path("verified").asBoolean(), version.toString());
                assertEquals(expected, version.path("signature").path("signed").asBoolean(), version.toString());
            }
        }
    }

    private static HttpResponse<String> resolve(TestRegistry registry) throws Exception {
        return registry.post("/v1/profiles/resolve", "application/yaml", PROFILE.getBytes(StandardCharsets.UTF_8));
    }

    private static void sign(TestRegistry registry, String reference) throws Exception {
        HttpResponse<String> signed = registry.post("/v1/signatures", "application/json",
                ("{\"reference\": \"" + reference + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, signed.statusCode(), signed.body());
    }
}
