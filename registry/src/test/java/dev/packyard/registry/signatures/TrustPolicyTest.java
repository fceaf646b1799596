package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import dev.packyard.registry.config.TrustRule;
import dev.packyard.signing.KeyAlgorithm;
import dev.packyard.signing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trust policies on pulls: enforce refuses what no trusted key signed, warn serves it, the longest prefix decides. */
class TrustPolicyTest {

    @TempDir
    Path data;
    @TempDir
    Path keys;
    private TestRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Path otherKey = keys.resolve("release.pub");
        Files.writeString(otherKey, SigningKey.generate(KeyAlgorithm.EC_P256).publicKeyPem());
        registry = new TestRegistry(data, false, List.of(
                new TrustRule("secure", TrustRule.Mode.ENFORCE, List.of(TrustRule.REGISTRY_KEY)),
                new TrustRule("secure/other", TrustRule.Mode.ENFORCE, List.of(otherKey.toString())),
                new TrustRule("secure/open", TrustRule.Mode.OFF, List.of()),
                new TrustRule("soft", TrustRule.Mode.WARN, List.of(TrustRule.REGISTRY_KEY))));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** Pushes are never refused by a trust policy: {@link TestRegistry#pushImage} fails the test if one is. */
    private String pushImage(String repository) throws Exception {
        return registry.pushImage(repository, "1.0", "content of " + repository);
    }

    private int head(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.uri(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void sign(String reference) throws Exception {
        HttpResponse<String> signed = registry.post("/v1/signatures", "application/json",
                ("{\"reference\": \"" + reference + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, signed.statusCode(), signed.body());
    }

    @Test
    void enforceRefusesAnUnsignedManifestAndServesItOnceSigned() throws Exception {
        String digest = pushImage("secure/app");
        HttpResponse<String> refused = registry.get("/v2/secure/app/manifests/1.0");
        assertEquals(403, refused.statusCode(), refused.body());
        JsonNode error = registry.json(refused.body()).path("errors").get(0);
        assertEquals("DENIED", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("trust policy 'secure' (enforce)"), refused.body());
        assertTrue(error.path("message").asText().contains(digest + " is not signed"), refused.body());
        assertEquals(403, head("/v2/secure/app/manifests/" + digest), "HEAD and by digest alike");
        assertEquals(404, registry.get("/v2/secure/app/manifests/2.0").statusCode(), "an unknown tag stays a 404");
        assertEquals(404, registry.get("/v2/secure/app/manifests/sha256:" + "0".repeat(64)).statusCode(),
                "and so does an unknown digest");

        sign("secure/app:1.0");
        assertEquals(200, registry.get("/v2/secure/app/manifests/1.0").statusCode());
        assertEquals(200, head("/v2/secure/app/manifests/" + digest));
        String tag = "sha256-" + digest.substring("sha256:".length()) + ".sig";
        assertEquals(200, registry.get("/v2/secure/app/manifests/" + tag).statusCode(),
                "signature manifests are served, or nothing could be verified");

        JsonNode status = registry.getJson("/v1/signatures?reference=secure/app:1.0");
        assertTrue(status.path("verified").asBoolean(), status.toString());
        assertEquals("[\"registry\"]", status.path("verifiedBy").toString());
        assertEquals("enforce", status.path("policy").path("mode").asText());
        assertEquals("secure", status.path("policy").path("prefix").asText());
    }

    @Test
    void aSignatureByAnUntrustedKeyIsRefusedWithTheReason() throws Exception {
        pushImage("secure/other/app");
        sign("secure/other/app:1.0"); // by the registry's key, which this policy does not trust
        HttpResponse<String> refused = registry.get("/v2/secure/other/app/manifests/1.0");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("release.pub"), refused.body());
        assertTrue(refused.body().contains("none of the 1 signature(s)"), refused.body());
        JsonNode status = registry.getJson("/v1/signatures?reference=secure/other/app:1.0");
        assertTrue(status.path("signed").asBoolean());
        assertEquals(false, status.path("verified").asBoolean());
        assertTrue(status.path("signatures").get(0).path("problem").asText().contains("does not match"),
                status.toString());
    }

    @Test
    void warnOffAndUncoveredRepositoriesServeUnsignedManifests() throws Exception {
        pushImage("soft/app");
        pushImage("secure/open/app");
        pushImage("elsewhere/app");
        pushImage("securely/app"); // "secure" covers whole segments only
        assertEquals(200, registry.get("/v2/soft/app/manifests/1.0").statusCode(), "warn serves, and logs");
        assertEquals(200, registry.get("/v2/secure/open/app/manifests/1.0").statusCode(), "the longer prefix wins");
        assertEquals(200, registry.get("/v2/elsewhere/app/manifests/1.0").statusCode());
        assertEquals(200, registry.get("/v2/securely/app/manifests/1.0").statusCode());
        JsonNode status = registry.getJson("/v1/signatures?reference=elsewhere/app:1.0");
        assertEquals(false, status.path("signed").asBoolean());
        assertTrue(status.path("policy").isNull(), status.toString());
    }

    @Test
    void theStatusEndpointRefusesBadReferences() throws Exception {
        assertEquals(400, registry.get("/v1/signatures").statusCode());
        assertEquals(400, registry.get("/v1/signatures?reference=NOPE").statusCode());
        assertEquals(404, registry.get("/v1/signatures?reference=secure/app:9.9").statusCode());
    }
}
