package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cross-repository mounts (end-11): {@code ?mount=&from=} of an existing blob gives 201 with {@code Location}
 * exactly {@code /v2/<name>/blobs/<digest>}; a mount that cannot be done opens a new session (202); a mount without
 * {@code from} of a blob the registry holds gives 201; blobs are scoped to the repositories that link them.
 */
@DisplayName("Cross-repository blob mounts")
class BlobMountTest extends RegistryTestSupport {

    private static final String SOURCE = "conformance/mount-source";
    private static final String TARGET = "conformance/mount-target";

    @Test
    void blobsAreScopedToTheRepositoriesThatHoldThem() {
        Content blob = TestData.randomBlob(200);
        oci.pushBlob(SOURCE, blob);
        oci.assertBlobExists(SOURCE, blob);
        oci.assertBlobAbsent(TARGET, blob.digest());
    }

    @Test
    void mountFromAnotherRepositoryGives201WithTheBlobLocation() {
        Content blob = TestData.randomBlob(300);
        oci.pushBlob(SOURCE, blob);
        Response mount = oci.mount(TARGET, blob.digest(), SOURCE);
        mount.expectStatus(201).expectDigestHeaderIfPresent(blob.digest());
        assertEquals("/v2/" + TARGET + "/blobs/" + blob.digest(), mount.locationPath());
        oci.get(mount.location()).expectStatus(200).expectBody(blob.bytes());
        oci.assertBlobExists(TARGET, blob);
    }

    @Test
    void mountFromARepositoryWithoutTheBlobOpensASession() {
        Content blob = TestData.randomBlob(300);
        oci.pushBlob("conformance/mount-elsewhere", blob);
        Response mount = oci.mount(TARGET, blob.digest(), SOURCE);
        mount.expectStatus(202);
        String path = mount.locationPath();
        assertTrue(path.startsWith("/v2/" + TARGET + "/blobs/uploads/"), () -> "new session: " + mount.describe());
        oci.headBlob(TARGET, blob.digest()).expectStatus(404);
        // the session is usable
        oci.put(OciClient.withQuery(mount.location(), "digest", blob.digest()), blob.bytes(),
                "Content-Type", Content.OCTET_STREAM).expectStatus(201);
        oci.assertBlobExists(TARGET, blob);
    }

    @Test
    void mountOfAMissingBlobOpensASession() {
        Response mount = oci.mount(TARGET, TestData.DUMMY_DIGEST, SOURCE);
        mount.expectStatus(202);
        assertTrue(mount.locationPath().startsWith("/v2/" + TARGET + "/blobs/uploads/"), mount::describe);
        oci.get(mount.location()).expectStatus(204);
    }

    @Test
    void mountWithoutFromOfAnExistingBlobGives201() {
        Content blob = TestData.randomBlob(400);
        oci.pushBlob(SOURCE, blob);
        Response mount = oci.mount(TARGET, blob.digest(), null);
        mount.expectStatus(201).expectDigestHeaderIfPresent(blob.digest());
        assertEquals("/v2/" + TARGET + "/blobs/" + blob.digest(), mount.locationPath());
        oci.assertBlobExists(TARGET, blob);
    }

    @Test
    void mountWithoutFromOfAMissingBlobOpensASession() {
        Response mount = oci.mount(TARGET, TestData.DUMMY_DIGEST, null);
        mount.expectStatus(202);
        assertTrue(mount.locationPath().startsWith("/v2/" + TARGET + "/blobs/uploads/"), mount::describe);
    }

    @Test
    void deletingAMountedBlobLeavesTheSourceIntact() {
        Content blob = TestData.randomBlob(500);
        oci.pushBlob(SOURCE, blob);
        oci.mount(TARGET, blob.digest(), SOURCE).expectStatus(201);
        oci.deleteBlob(TARGET, blob.digest()).expectStatus(202);
        oci.assertBlobAbsent(TARGET, blob.digest());
        oci.assertBlobExists(SOURCE, blob);
    }
}
