package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Port of the v1.1 conformance suite's Content Management category ({@code 04_management_test.go}): delete a tag,
 * delete the manifest by digest, check the tag list shrank, then delete the blobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@DisplayName("Conformance: Content Management")
class ContentManagementTest extends RegistryTestSupport {

    private static final String REPO = "conformance/management";
    private static final String TAG = "tagtest0";

    private final Content config3 = TestData.config();
    private final Content manifest3 = TestData.ginkgoManifest(config3);
    private int numTags;

    // ---------------------------------------------------------------------------------------------------- setup

    @Test
    @Order(1)
    void setupPopulateRegistryWithTestConfigBlobAndLayer() {
        oci.pushPostPut(REPO, config3).expectStatus(201);
        oci.pushPostPut(REPO, TestData.LAYER).expectStatus(201);
    }

    @Test
    @Order(2)
    void setupPopulateRegistryWithTestTag() {
        oci.putManifest(REPO, TAG, manifest3).expectStatus(201);
    }

    @Test
    @Order(3)
    void setupCheckHowManyTagsThereAreBeforeAnythingGetsDeleted() {
        Response response = oci.tagsList(REPO, null).expectStatus(200);
        numTags = response.json().path("tags").size();
        assertEquals(1, numTags, response::describe);
    }

    // ------------------------------------------------------------------------------------------ manifest delete

    @Test
    @Order(10)
    void deleteRequestToManifestTagShouldReturn202() {
        // the spec also allows 400 (UNSUPPORTED) or 405 when tag deletion is disabled; Packyard deletes tags
        oci.deleteManifest(REPO, TAG).expectStatus(202);
        oci.getManifest(REPO, TAG).expectStatus(404);
        oci.getManifest(REPO, manifest3.digest()).expectStatus(200).expectBody(manifest3.bytes());
    }

    @Test
    @Order(11)
    void deleteRequestToManifestDigestShouldYield202Response() {
        oci.deleteManifest(REPO, manifest3.digest()).expectStatus(202);
    }

    @Test
    @Order(12)
    void getRequestToDeletedManifestUrlShouldYield404Response() {
        oci.getManifest(REPO, manifest3.digest()).expectStatus(404);
    }

    @Test
    @Order(13)
    void getRequestToTagsListShouldReflectManifestDeletion() {
        Response response = oci.tagsList(REPO, null).expectStatus(200, 404);
        if (response.status() == 200) {
            assertEquals(numTags - 1, response.json().path("tags").size(), response::describe);
        } else {
            assertEquals(0, numTags - 1, "a 404 tag list is only allowed when no tag is left");
        }
    }

    // ---------------------------------------------------------------------------------------------- blob delete

    @Test
    @Order(20)
    void deleteRequestToBlobUrlShouldYield202Response() {
        oci.deleteBlob(REPO, config3.digest()).expectStatus(202);
        oci.deleteBlob(REPO, TestData.LAYER.digest()).expectStatus(202);
    }

    @Test
    @Order(21)
    void getRequestToDeletedBlobUrlShouldYield404Response() {
        oci.getBlob(REPO, config3.digest()).expectStatus(404);
        oci.getBlob(REPO, TestData.LAYER.digest()).expectStatus(404);
    }
}
