package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The redesigned suite's blob checks (distribution-spec {@code conformance/api.go} on main): every upload style
 * pushes its own blob, then HEAD, GET, the returned {@code Location}, DELETE and an atomic HEAD-after-DELETE 404;
 * a wrong digest on every style is refused with 400 DIGEST_INVALID and stores nothing; chunks sent out of order are
 * refused with 416 and the session recovers through its status; the empty blob and {@code {}} round-trip.
 */
@DisplayName("Blob uploads (redesigned suite)")
class BlobUploadTest extends RegistryTestSupport {

    private static final String REPO = "conformance/blobs";
    /** Three chunks of at least 1024 bytes, like the suite's {@code 3*minChunk-5}. */
    private static final int MULTI_CHUNK_SIZE = 3 * 1024 - 5;

    @ParameterizedTest(name = "{0}")
    @EnumSource(PushMethod.class)
    void pushedBlobCanBePulledDeletedAndIsGoneAtOnce(PushMethod method) {
        Content blob = TestData.randomBlob(method.name().startsWith("CHUNKED_MULTI") ? MULTI_CHUNK_SIZE : 512);
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
    void pushWithBadDigestIsRefusedAndStoresNothing(PushMethod method) {
        Content good = TestData.randomBlob(method.name().startsWith("CHUNKED_MULTI") ? MULTI_CHUNK_SIZE : 512);
        byte[] tampered = Arrays.copyOf(good.bytes(), good.size() + 5);
        System.arraycopy("oh no".getBytes(StandardCharsets.US_ASCII), 0, tampered, good.size(), 5);
        Content bad = Content.blob(tampered).withDigest(good.digest());

        method.push(oci, REPO, bad).expectError(400, "DIGEST_INVALID");

        oci.assertBlobAbsent(REPO, good.digest());
        oci.assertBlobAbsent(REPO, Digests.sha256(tampered));
    }

    @ParameterizedTest(name = "last chunk in PUT: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void outOfOrderChunksAreRefusedWith416AndTheSessionRecovers(boolean lastChunkInPut) {
        Content blob = TestData.randomBlob(MULTI_CHUNK_SIZE);
        byte[] bytes = blob.bytes();
        Response post = oci.startUpload(REPO);
        int chunkSize = Math.max(bytes.length / 3 + 1, OciClient.minChunkLength(post));
        String location = post.location();
        int lastByte = -1;
        Response closing = null;
        while (lastByte < bytes.length - 1) {
            // a chunk that skips ahead (or back to the start) must be refused
            int badStart = lastByte + 1 + chunkSize;
            if (badStart >= bytes.length) {
                badStart = 0;
            }
            int badEnd = Math.min(badStart + chunkSize, bytes.length) - 1;
            byte[] badChunk = Arrays.copyOfRange(bytes, badStart, badEnd + 1);
            String badRange = badStart + "-" + badEnd;
            Response refused = lastChunkInPut && badEnd == bytes.length - 1
                    ? oci.put(OciClient.withQuery(location, "digest", blob.digest()), badChunk,
                            "Content-Type", Content.OCTET_STREAM, "Content-Range", badRange)
                    : oci.patch(location, badChunk, "Content-Type", Content.OCTET_STREAM, "Content-Range", badRange);
            refused.expectStatus(416);

            // the session's status tells where to resume
            Response status = oci.get(location).expectStatus(204);
            String range = status.requireHeader("Range");
            assertTrue(range.matches("0-(-1|\\d+)"), () -> "Range must be 0-<last byte>: " + status.describe());
            if (lastByte >= 0) {
                status.expectHeader("Range", "0-" + lastByte);
            }
            location = status.location();

            int start = lastByte + 1;
            int end = Math.min(start + chunkSize, bytes.length) - 1;
            byte[] chunk = Arrays.copyOfRange(bytes, start, end + 1);
            if (lastChunkInPut && end == bytes.length - 1) {
                closing = oci.put(OciClient.withQuery(location, "digest", blob.digest()), chunk,
                        "Content-Type", Content.OCTET_STREAM, "Content-Range", start + "-" + end);
            } else {
                Response patch = oci.patch(location, chunk, "Content-Type", Content.OCTET_STREAM,
                        "Content-Range", start + "-" + end);
                patch.expectStatus(202).expectHeader("Range", "0-" + end);
                location = patch.location();
            }
            lastByte = end;
        }
        if (closing == null) {
            closing = oci.put(OciClient.withQuery(location, "digest", blob.digest()), new byte[0]);
        }
        closing.expectStatus(201);
        oci.assertBlobLocation(closing, blob);
        oci.assertBlobExists(REPO, blob);
    }

    @Test
    void emptyBlobRoundTrips() {
        Content empty = Content.blob(new byte[0]);
        oci.pushPostPut(REPO, empty).expectStatus(201);
        oci.assertBlobExists(REPO, empty);
        oci.deleteBlob(REPO, empty.digest()).expectStatus(202);
        oci.headBlob(REPO, empty.digest()).expectStatus(404);
    }

    @Test
    void emptyJsonBlobRoundTrips() {
        Content emptyJson = TestData.EMPTY_JSON;
        oci.pushPostPut(REPO, emptyJson).expectStatus(201);
        oci.assertBlobExists(REPO, emptyJson);
        oci.deleteBlob(REPO, emptyJson.digest()).expectStatus(202);
        oci.headBlob(REPO, emptyJson.digest()).expectStatus(404);
    }

    @Test
    void pushingAnExistingBlobAgainSucceeds() {
        Content blob = TestData.randomBlob(300);
        oci.pushPostPut(REPO, blob).expectStatus(201);
        oci.pushPostPut(REPO, blob).expectStatus(201);
        oci.pushMonolithic(REPO, blob).expectStatus(201, 202);
        oci.assertBlobExists(REPO, blob);
    }
}
