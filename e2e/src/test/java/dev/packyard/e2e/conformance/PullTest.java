package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Port of the v1.1 conformance suite's Pull category ({@code 01_pull_test.go}): setup pushes two configs, the layer,
 * {@code manifests[0]} by tag and {@code manifests[1]} by digest; then blobs and manifests are pulled; teardown
 * deletes everything. Specs run in source order, as Ginkgo runs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@DisplayName("Conformance: Pull")
class PullTest extends RegistryTestSupport {

    private static final String REPO = "conformance/pull";
    private static final String TAG = "tagtest0";

    private final Content config0 = TestData.config();
    private final Content config1 = TestData.config();
    private final Content manifest0 = TestData.ginkgoManifest(config0);
    private final Content manifest1 = TestData.ginkgoManifest(config1);

    // ---------------------------------------------------------------------------------------------------- setup

    @Test
    @Order(0)
    void registryAnswersTheApiVersionCheck() {
        oci.get("/v2/").expectStatus(200);
    }

    @Test
    @Order(1)
    void setupTestDataIsTheSuites() {
        assertEquals(168, TestData.LAYER.size(), "the suite's layer is 168 bytes");
        assertEquals(TestData.LAYER_DIGEST, TestData.LAYER.digest());
        assertEquals(TestData.EMPTY_JSON_DIGEST, TestData.EMPTY_JSON.digest());
        assertEquals(TestData.DUMMY_DIGEST, Digests.sha256("hello world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Order(2)
    void setupPopulateRegistryWithTestBlobs() {
        oci.pushPostPut(REPO, config0).expectStatus(201);
        oci.pushPostPut(REPO, config1).expectStatus(201);
    }

    @Test
    @Order(3)
    void setupPopulateRegistryWithTestLayer() {
        oci.pushPostPut(REPO, TestData.LAYER).expectStatus(201);
    }

    @Test
    @Order(4)
    void setupPopulateRegistryWithTestManifestByTag() {
        oci.putManifest(REPO, TAG, manifest0).expectStatus(201);
    }

    @Test
    @Order(5)
    void setupPopulateRegistryWithTestManifestByDigest() {
        oci.putManifest(REPO, manifest1.digest(), manifest1).expectStatus(201);
    }

    // ----------------------------------------------------------------------------------------------- pull blobs

    @Test
    @Order(10)
    void headRequestToNonexistentBlobShouldResultIn404() {
        oci.headBlob(REPO, TestData.DUMMY_DIGEST).expectStatus(404);
    }

    @Test
    @Order(11)
    void headRequestToExistingBlobShouldYield200() {
        oci.headBlob(REPO, config0.digest()).expectStatus(200)
                .expectDigestHeaderIfPresent(config0.digest())
                .expectBody(new byte[0]);
    }

    @Test
    @Order(12)
    void getOnNonexistentBlobShouldResultIn404() {
        oci.getBlob(REPO, TestData.DUMMY_DIGEST).expectStatus(404);
    }

    @Test
    @Order(13)
    void getOnExistingBlobUrlShouldReturn200() {
        oci.getBlob(REPO, config0.digest()).expectStatus(200)
                .expectDigestHeaderIfPresent(config0.digest())
                .expectBody(config0.bytes());
    }

    // ------------------------------------------------------------------------------------------- pull manifests

    @Test
    @Order(20)
    void headRequestToNonexistentManifestShouldReturn404() {
        oci.headManifest(REPO, TestData.NONEXISTENT_MANIFEST).expectStatus(404);
    }

    @Test
    @Order(21)
    void headRequestToManifest0PathByDigestShouldYield200() {
        oci.head(OciClient.manifestPath(REPO, manifest0.digest()), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectDigestHeaderIfPresent(manifest0.digest());
    }

    @Test
    @Order(22)
    void headRequestToManifest1PathByDigestShouldYield200() {
        oci.head(OciClient.manifestPath(REPO, manifest1.digest()), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectDigestHeaderIfPresent(manifest1.digest());
    }

    @Test
    @Order(23)
    void headRequestToManifestPathByTagShouldYield200() {
        oci.head(OciClient.manifestPath(REPO, TAG), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectDigestHeaderIfPresent(manifest0.digest());
    }

    @Test
    @Order(24)
    void getNonexistentManifestShouldReturn404() {
        oci.get(OciClient.manifestPath(REPO, TestData.NONEXISTENT_MANIFEST), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(404);
    }

    @Test
    @Order(25)
    void getRequestToManifest0PathByDigestShouldYield200() {
        oci.get(OciClient.manifestPath(REPO, manifest0.digest()), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectBody(manifest0.bytes());
    }

    @Test
    @Order(26)
    void getRequestToManifest1PathByDigestShouldYield200() {
        oci.get(OciClient.manifestPath(REPO, manifest1.digest()), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectBody(manifest1.bytes());
    }

    @Test
    @Order(27)
    void getRequestToManifestPathByTagShouldYield200() {
        oci.get(OciClient.manifestPath(REPO, TAG), "Accept", TestData.OCI_MANIFEST)
                .expectStatus(200)
                .expectBody(manifest0.bytes());
    }

    // ---------------------------------------------------------------------------------------------- error codes

    @Test
    @Order(30)
    void status400ResponseBodyShouldContainOciConformingJsonMessage() {
        Response response = oci.send("GET", OciClient.manifestPath(REPO, "sha256:totallywrong"),
                TestData.INVALID_MANIFEST_CONTENT.getBytes(StandardCharsets.UTF_8),
                "Content-Type", TestData.OCI_MANIFEST);
        response.expectStatus(400, 404);
        if (response.status() == 400) {
            assertTrue(!response.errorCodes().isEmpty(), () -> "400 must carry OCI error codes: " + response.describe());
        }
    }

    // ------------------------------------------------------------------------------------------------- teardown

    @Test
    @Order(40)
    void teardownDeleteManifestsCreatedInTests() {
        oci.deleteManifest(REPO, manifest0.digest()).expectStatus(202);
        oci.deleteManifest(REPO, manifest1.digest()).expectStatus(202);
        oci.headManifest(REPO, manifest0.digest()).expectStatus(404);
        oci.headManifest(REPO, TAG).expectStatus(404);
        oci.headManifest(REPO, manifest1.digest()).expectStatus(404);
    }

    @Test
    @Order(41)
    void teardownDeleteConfigAndLayerBlobsCreatedInTests() {
        oci.deleteBlob(REPO, config0.digest()).expectStatus(202, 404);
        oci.deleteBlob(REPO, config1.digest()).expectStatus(202, 404);
        oci.deleteBlob(REPO, TestData.LAYER.digest()).expectStatus(202, 404);
        oci.headBlob(REPO, config0.digest()).expectStatus(404);
        oci.headBlob(REPO, config1.digest()).expectStatus(404);
        oci.headBlob(REPO, TestData.LAYER.digest()).expectStatus(404);
    }
}
