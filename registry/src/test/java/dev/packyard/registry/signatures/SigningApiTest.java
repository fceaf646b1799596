package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import dev.packyard.signing.CosignVerifier;
import dev.packyard.signing.PemKeys;
import dev.packyard.signing.SimpleSigningPayload;
import dev.packyard.signing.VerificationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry signs manifests with its own key, in cosign's layout, over HTTP. */
class SigningApiTest {

    @TempDir
    Path data;
    private TestRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new TestRegistry(data, false);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private HttpResponse<String> sign(String body) throws Exception {
        return registry.post("/v1/signatures", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private PublicKey publishedKey() throws Exception {
        HttpResponse<String> pem = registry.get("/v1/signing/cosign.pub");
        assertEquals(200, pem.statusCode());
        assertTrue(pem.body().startsWith("-----BEGIN PUBLIC KEY-----"), pem.body());
        return PemKeys.readPublicKey(pem.body());
    }

    @Test
    void aSignatureIsStoredAsCosignDoesAndVerifiesWithThePublishedKey() throws Exception {
        String digest = registry.pushImage("demo/app", "1.0", "layer one");
        HttpResponse<String> signed = sign("{\"reference\": \"demo/app:1.0\"}");
        assertEquals(201, signed.statusCode(), signed.body());
        JsonNode answer = registry.json(signed.body());
        String tag = "sha256-" + digest.substring("sha256:".length()) + ".sig";
        assertEquals(digest, answer.path("digest").asText());
        assertEquals(tag, answer.path("tag").asText());

        // Where cosign looks: the .sig tag, one simple-signing layer with the signature annotation.
        JsonNode manifest = registry.getJson("/v2/demo/app/manifests/" + tag);
        assertEquals(answer.path("signature").asText(), TestRegistry.sha256(
                registry.getBytes("/v2/demo/app/manifests/" + tag).body()));
        JsonNode layer = manifest.path("layers").get(0);
        assertEquals(SimpleSigningPayload.MEDIA_TYPE, layer.path("mediaType").asText());
        assertEquals(digest, manifest.path("subject").path("digest").asText(), "an OCI 1.1 referrer as well");
        byte[] payload = registry.getBytes("/v2/demo/app/blobs/" + layer.path("digest").asText()).body();
        String signature = layer.path("annotations").path(SimpleSigningPayload.SIGNATURE_ANNOTATION).asText();
        VerificationResult result = CosignVerifier.of(publishedKey()).verify(payload, signature, digest);
        assertInstanceOf(VerificationResult.Verified.class, result, result.toString());

        // Listed by the referrers API, with cosign's artifact type.
        JsonNode referrers = registry.getJson("/v2/demo/app/referrers/" + digest);
        assertEquals(answer.path("signature").asText(), referrers.path("manifests").get(0).path("digest").asText());
        assertEquals(CosignPublisher.ARTIFACT_TYPE, referrers.path("manifests").get(0).path("artifactType").asText());

        // A signature made for one manifest does not pass for another.
        String other = registry.pushImage("demo/app", "2.0", "layer two");
        VerificationResult replayed = CosignVerifier.of(publishedKey()).verify(payload, signature, other);
        assertInstanceOf(VerificationResult.Rejected.class, replayed);
        assertEquals(VerificationResult.Reason.DIGEST_MISMATCH, ((VerificationResult.Rejected) replayed).reason());
    }

    @Test
    void signingAgainChangesNothingAndOtherSignaturesAreKept() throws Exception {
        String digest = registry.pushImage("demo/app", "1.0", "layer one");
        String first = registry.json(sign("{\"reference\": \"demo/app@" + digest + "\"}").body())
                .path("signature").asText();
        HttpResponse<String> again = sign("{\"reference\": \"demo/app:1.0\"}");
        assertEquals(200, again.statusCode(), "already signed by the registry's key: " + again.body());
        assertEquals(first, registry.json(again.body()).path("signature").asText());
        String tag = "sha256-" + digest.substring("sha256:".length()) + ".sig";
        assertEquals(1, registry.getJson("/v2/demo/app/manifests/" + tag).path("layers").size());
    }

    @Test
    void theKeyOutlivesARestartAndIsPrivateToTheServer() throws Exception {
        PublicKey before = publishedKey();
        registry.close();
        registry = new TestRegistry(data, false);
        assertEquals(before, publishedKey(), "the same key after a restart");
        Path folder = data.resolve("_signing");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve(RegistrySigningKey.PASSWORD))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve(RegistrySigningKey.KEYSTORE))));
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() throws Exception {
        registry.pushImage("demo/app", "1.0", "layer one");
        String tagsBefore = registry.get("/v2/demo/app/tags/list").body();
        assertError(sign("not json"), 400, "not JSON");
        assertError(sign("{\"ref\": \"demo/app:1.0\"}"), 400, "the body must be");
        assertError(sign("{\"reference\": \"demo/app:1.0\", \"extra\": 1}"), 400, "unknown key \\\"extra\\\"");
        assertError(sign("{\"reference\": \"demo/app\"}"), 400, "names no manifest");
        assertError(sign("{\"reference\": \"Demo/App:1.0\"}"), 400, "Demo/App");
        assertError(sign("{\"reference\": \"demo/app@sha256:abc\"}"), 400, "not a digest");
        assertError(sign("{\"reference\": \"demo/app:2.0\"}"), 404, "no tag 2.0");
        assertError(sign("{\"reference\": \"demo/app@sha256:" + "0".repeat(64) + "\"}"), 404, "no manifest");
        assertError(sign("{\"reference\": \"demo/other:1.0\"}"), 404, "no tag 1.0");
        assertEquals(tagsBefore, registry.get("/v2/demo/app/tags/list").body(), "nothing was written");
    }

    private static void assertError(HttpResponse<String> response, int status, String fragment) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(fragment), "expected \"" + fragment + "\" in " + response.body());
    }
}
