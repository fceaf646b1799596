package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sha512 content (the redesigned suite's {@code sha512 blobs} and {@code sha512} data set): blobs pushed in every
 * style, the session opened with {@code ?digest-algorithm=sha512}; manifests and an index pushed by their sha512
 * digest; referrers of a sha512 subject; mounts; deletes.
 */
@DisplayName("sha512 digests")
class Sha512Test extends RegistryTestSupport {

    private static final String REPO = "conformance/sha512";
    private static final int MULTI_CHUNK_SIZE = 3 * 1024 - 5;

    private static Content sha512Blob(int size) {
        return Content.of(Content.OCTET_STREAM, TestData.randomBytes(size), "sha512");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PushMethod.class)
    void sha512BlobCanBePushedPulledAndDeleted(PushMethod method) {
        Content blob = sha512Blob(method.name().startsWith("CHUNKED_MULTI") ? MULTI_CHUNK_SIZE : 512);
        Response push = method.push(oci, REPO, blob);
        push.expectStatus(201).expectDigestHeaderIfPresent(blob.digest());
        oci.assertBlobLocation(push, blob);
        oci.assertBlobExists(REPO, blob);
        oci.deleteBlob(REPO, blob.digest()).expectStatus(202);
        oci.assertBlobAbsent(REPO, blob.digest());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = PushMethod.class, names = {"POST_ONLY", "POST_PUT", "STREAM", "CHUNKED_MULTI",
            "CHUNKED_MULTI_AND_PUT_CHUNK"})
    void sha512PushWithBadDigestIsRefused(PushMethod method) {
        Content good = sha512Blob(method.name().startsWith("CHUNKED_MULTI") ? MULTI_CHUNK_SIZE : 512);
        byte[] tampered = Arrays.copyOf(good.bytes(), good.size() + 5);
        System.arraycopy("oh no".getBytes(StandardCharsets.US_ASCII), 0, tampered, good.size(), 5);
        Content bad = new Content(Content.OCTET_STREAM, tampered, good.digest());
        method.push(oci, REPO, bad).expectError(400, "DIGEST_INVALID");
        oci.assertBlobAbsent(REPO, good.digest());
        oci.assertBlobAbsent(REPO, Digests.sha512(tampered));
    }

    @Test
    void sha512BlobIsNotFoundUnderItsSha256Digest() {
        Content blob = sha512Blob(100);
        oci.pushPostPut(REPO, blob).expectStatus(201);
        oci.headBlob(REPO, Digests.sha256(blob.bytes())).expectStatus(404);
        oci.assertBlobExists(REPO, blob);
    }

    @Test
    void sha512ManifestsAndIndexArePushedAndPulledByDigest() {
        Content config = TestData.config("sha512");
        Content layer = Content.of(TestData.OCI_LAYER, TestData.randomBytes(1000), "sha512");
        oci.pushBlob(REPO, config);
        oci.pushBlob(REPO, layer);
        Content manifest = Manifests.image().config(config).layer(layer).build("sha512");
        assertTrue(manifest.digest().startsWith("sha512:"));

        Response put = oci.putManifest(REPO, manifest.digest(), manifest);
        put.expectStatus(201).expectDigestHeaderIfPresent(manifest.digest());
        oci.assertManifestLocation(put, manifest);
        oci.assertManifest(REPO, manifest.digest(), manifest);

        Content index = Manifests.index().manifest(manifest).build("sha512");
        Response putIndex = oci.putManifest(REPO, index.digest(), index);
        putIndex.expectStatus(201).expectDigestHeaderIfPresent(index.digest());
        oci.assertManifestLocation(putIndex, index);
        oci.assertManifest(REPO, index.digest(), index);

        oci.deleteManifest(REPO, index.digest()).expectStatus(202);
        oci.headManifest(REPO, index.digest()).expectStatus(404);
        oci.deleteManifest(REPO, manifest.digest()).expectStatus(202);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
        oci.getManifest(REPO, manifest.digest()).expectError(404, "MANIFEST_UNKNOWN");
    }

    @Test
    void sha512ManifestWithWrongDigestIsRefused() {
        Content config = TestData.config("sha512");
        oci.pushBlob(REPO, config);
        Content manifest = Manifests.image().config(config).build("sha512");
        Content other = Manifests.image().config(config).annotation("other", "yes").build("sha512");
        oci.put(OciClient.manifestPath(REPO, other.digest()), manifest.bytes(), "Content-Type", TestData.OCI_MANIFEST)
                .expectError(400, "DIGEST_INVALID");
        oci.headManifest(REPO, other.digest()).expectStatus(404);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
    }

    @Test
    void referrersOfASha512Subject() {
        Content config = TestData.config("sha512");
        oci.pushBlob(REPO, config);
        Content subject = Manifests.image().config(config).build("sha512");
        oci.pushManifest(REPO, subject.digest(), subject);
        oci.pushBlob(REPO, TestData.EMPTY_JSON);
        Content referrer = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).subject(subject)
                .layer(TestData.EMPTY_JSON).build();
        oci.pushManifest(REPO, referrer.digest(), referrer).expectHeader("OCI-Subject", subject.digest());

        Response list = oci.referrers(REPO, subject.digest(), null).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX);
        JsonNode manifests = list.json().path("manifests");
        assertEquals(1, manifests.size(), list::describe);
        assertEquals(referrer.digest(), manifests.get(0).path("digest").asText());
        assertEquals(TestData.ARTIFACT_TYPE_A, manifests.get(0).path("artifactType").asText());
    }

    @Test
    void sha512BlobCanBeMounted() {
        Content blob = sha512Blob(700);
        oci.pushPostPut(REPO, blob).expectStatus(201);
        String target = "conformance/sha512-mounted";
        Response mount = oci.mount(target, blob.digest(), REPO);
        mount.expectStatus(201).expectDigestHeaderIfPresent(blob.digest());
        assertEquals("/v2/" + target + "/blobs/" + blob.digest(), mount.locationPath());
        oci.assertBlobExists(target, blob);
    }
}
