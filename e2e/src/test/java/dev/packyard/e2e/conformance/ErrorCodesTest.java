package dev.packyard.e2e.conformance;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error bodies ({@code {"errors":[{"code","message",...}]}}, {@code application/json}) with the right code for each
 * refusal: NAME_INVALID, NAME_UNKNOWN, TAG_INVALID, DIGEST_INVALID, BLOB_UNKNOWN, BLOB_UPLOAD_INVALID,
 * BLOB_UPLOAD_UNKNOWN, MANIFEST_INVALID, MANIFEST_UNKNOWN, MANIFEST_BLOB_UNKNOWN, SIZE_INVALID and UNSUPPORTED; and
 * never a code outside the spec's list.
 */
@DisplayName("Error codes")
class ErrorCodesTest extends RegistryTestSupport {

    private static final String REPO = "conformance/errors";
    private static final String OCTET = Content.OCTET_STREAM;

    private final Content config = TestData.config();
    private final Content manifest = TestData.ginkgoManifest(config);

    @BeforeAll
    void pushImage() {
        oci.pushBlob(REPO, config);
        oci.pushBlob(REPO, TestData.LAYER);
        oci.pushManifest(REPO, "exists", manifest);
    }

    @ParameterizedTest(name = "name {0}")
    @ValueSource(strings = {"Upper", "conformance/UPPER", "-leading", "trailing-", "a..b", "a/.b", "a___b", "a/b_"})
    void invalidRepositoryNameGivesNameInvalid(String name) {
        oci.tagsList(name, null).expectError(400, "NAME_INVALID");
        oci.getManifest(name, "latest").expectError(400, "NAME_INVALID");
        oci.putManifest(name, "latest", manifest).expectError(400, "NAME_INVALID");
        oci.post(OciClient.uploadsPath(name), new byte[0]).expectError(400, "NAME_INVALID");
        oci.getBlob(name, config.digest()).expectError(400, "NAME_INVALID");
    }

    @Test
    void unknownRepositoryGivesNameUnknown() {
        oci.tagsList("conformance/never-pushed", null).expectError(404, "NAME_UNKNOWN");
    }

    @ParameterizedTest(name = "tag {0}")
    @ValueSource(strings = {"-dash", ".dot", "has+plus", "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"})
    void invalidTagGivesTagInvalid(String tag) {
        oci.putManifest(REPO, tag, manifest).expectError(400, "TAG_INVALID");
        oci.headManifest(REPO, tag).expectStatus(400, 404);
    }

    @Test
    void malformedDigestsGiveDigestInvalid() {
        oci.post(OciClient.withQuery(OciClient.uploadsPath(REPO), "digest", "notadigest"), config.bytes(),
                "Content-Type", OCTET).expectError(400, "DIGEST_INVALID");
        Response session = oci.startUpload(REPO);
        oci.put(OciClient.withQuery(session.location(), "digest", "sha256:nothex"), config.bytes(),
                "Content-Type", OCTET).expectError(400, "DIGEST_INVALID");
        oci.put(OciClient.withQuery(oci.startUpload(REPO).location(), "digest", "sha256:" + "a".repeat(63)),
                config.bytes(), "Content-Type", OCTET).expectError(400, "DIGEST_INVALID");
        String upper = "sha256:" + config.digest().substring(7).toUpperCase();
        oci.put(OciClient.withQuery(oci.startUpload(REPO).location(), "digest", upper),
                config.bytes(), "Content-Type", OCTET).expectError(400, "DIGEST_INVALID");
    }

    @Test
    void wrongDigestGivesDigestInvalid() {
        Content blob = TestData.randomBlob(50);
        oci.pushPostPut(REPO, blob.withDigest(TestData.DUMMY_DIGEST)).expectError(400, "DIGEST_INVALID");
        oci.put(OciClient.manifestPath(REPO, TestData.DUMMY_DIGEST), manifest.bytes(),
                "Content-Type", TestData.OCI_MANIFEST).expectError(400, "DIGEST_INVALID");
    }

    @Test
    void putWithoutDigestGivesDigestInvalid() {
        Response session = oci.startUpload(REPO);
        oci.put(session.location(), config.bytes(), "Content-Type", OCTET).expectError(400, "DIGEST_INVALID");
    }

    @Test
    void malformedDigestInABlobUrlGives400Or404() {
        Response response = oci.getBlob(REPO, "sha256:nothex");
        if (response.status() == 400) {
            response.expectErrorCode("DIGEST_INVALID");
        } else {
            response.expectError(404, "BLOB_UNKNOWN");
        }
    }

    @Test
    void missingBlobGivesBlobUnknown() {
        String missing = Digests.sha256(TestData.randomBytes(20));
        oci.getBlob(REPO, missing).expectError(404, "BLOB_UNKNOWN");
        oci.deleteBlob(REPO, missing).expectError(404, "BLOB_UNKNOWN");
        oci.headBlob(REPO, missing).expectStatus(404).expectBody(new byte[0]);
    }

    @Test
    void unknownUploadSessionGivesBlobUploadUnknown() {
        String session = OciClient.uploadsPath(REPO) + UUID.randomUUID();
        oci.get(session).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.patch(session, config.bytes(), "Content-Type", OCTET).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.put(OciClient.withQuery(session, "digest", config.digest()), config.bytes(), "Content-Type", OCTET)
                .expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.delete(session).expectError(404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void outOfOrderChunkGives416BlobUploadInvalid() {
        Response session = oci.startUpload(REPO);
        oci.patch(session.location(), TestData.randomBytes(10), "Content-Type", OCTET, "Content-Range", "10-19")
                .expectError(416, "BLOB_UPLOAD_INVALID");
    }

    @Test
    void malformedContentRangeGivesBlobUploadInvalid() {
        Response session = oci.startUpload(REPO);
        Response response = oci.patch(session.location(), TestData.randomBytes(10), "Content-Type", OCTET,
                "Content-Range", "bytes=0-9");
        response.expectStatus(400, 416).expectErrorCode("BLOB_UPLOAD_INVALID");
    }

    @Test
    void chunkLengthDifferentFromItsRangeGivesSizeInvalid() {
        // distribution answers 400; the spec's PATCH and PUT failures also allow 416
        Response session = oci.startUpload(REPO);
        oci.patch(session.location(), TestData.randomBytes(42), "Content-Type", OCTET, "Content-Range", "0-99")
                .expectStatus(400, 416).expectErrorCode("SIZE_INVALID");
        Content blob = TestData.randomBlob(42);
        Response other = oci.startUpload(REPO);
        oci.put(OciClient.withQuery(other.location(), "digest", blob.digest()), blob.bytes(),
                "Content-Type", OCTET, "Content-Range", "0-9").expectStatus(400, 416).expectErrorCode("SIZE_INVALID");
        oci.headBlob(REPO, blob.digest()).expectStatus(404);
    }

    @Test
    void invalidManifestGivesManifestInvalid() {
        oci.put(OciClient.manifestPath(REPO, "invalid"),
                TestData.INVALID_MANIFEST_CONTENT.getBytes(StandardCharsets.UTF_8),
                "Content-Type", TestData.OCI_MANIFEST).expectError(400, "MANIFEST_INVALID");
    }

    @Test
    void missingManifestGivesManifestUnknown() {
        oci.getManifest(REPO, "missing").expectError(404, "MANIFEST_UNKNOWN");
        oci.getManifest(REPO, TestData.DUMMY_DIGEST).expectError(404, "MANIFEST_UNKNOWN");
        oci.deleteManifest(REPO, TestData.DUMMY_DIGEST).expectError(404, "MANIFEST_UNKNOWN");
        oci.deleteManifest(REPO, "missing").expectError(404, "MANIFEST_UNKNOWN");
    }

    @Test
    void manifestReferencingAMissingBlobGivesManifestBlobUnknown() {
        Content missingLayer = TestData.randomBlob(64).withMediaType(TestData.OCI_LAYER);
        Content broken = Manifests.image().config(config).layer(missingLayer).build();
        oci.putManifest(REPO, "broken", broken).expectError(400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void unsupportedDigestAlgorithmGives400() {
        // the spec asks for 400 and names no code; DIGEST_INVALID and UNSUPPORTED both describe it
        oci.post(OciClient.withQuery(OciClient.uploadsPath(REPO), "digest-algorithm", "md5"), new byte[0])
                .expectStatus(400).expectErrorCode("DIGEST_INVALID", "UNSUPPORTED");
        Response session = oci.startUpload(REPO);
        oci.put(OciClient.withQuery(session.location(), "digest", "md5:5d41402abc4b2a76b9719d911017c592"),
                "hello".getBytes(StandardCharsets.UTF_8), "Content-Type", OCTET)
                .expectStatus(400).expectErrorCode("DIGEST_INVALID", "UNSUPPORTED");
    }

    @Test
    void unsupportedOperationGivesUnsupported() {
        for (Response response : new Response[] {
                oci.patch(OciClient.manifestPath(REPO, "exists"), manifest.bytes(), "Content-Type", TestData.OCI_MANIFEST),
                oci.delete("/v2/" + REPO + "/tags/list"),
                oci.put("/v2/" + REPO + "/referrers/" + manifest.digest(), new byte[0])}) {
            response.expectStatus(404, 405).expectErrorCode("UNSUPPORTED");
            if (response.status() == 405) {
                response.requireHeader("Allow");
            }
        }
        oci.assertManifest(REPO, "exists", manifest);
    }
}
