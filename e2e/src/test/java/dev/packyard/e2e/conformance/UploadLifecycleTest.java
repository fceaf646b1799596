package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Upload sessions: cancel with {@code DELETE} (end-14, 204), the status of a session ({@code GET}, 204 with
 * {@code Location} and {@code Range}), sessions that are finished, cancelled or belong to another repository, large
 * streamed uploads, and several clients uploading the same blob at once (every one must get 201).
 */
@DisplayName("Upload sessions")
class UploadLifecycleTest extends RegistryTestSupport {

    private static final String REPO = "conformance/uploads";
    private static final String OTHER_REPO = "conformance/uploads-other";

    @Test
    void cancelWithDeleteGives204AndForgetsTheSession() {
        Response post = oci.startUpload(REPO);
        String location = post.location();
        oci.delete(location).expectStatus(204);
        oci.get(location).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.patch(location, TestData.randomBytes(10), "Content-Type", Content.OCTET_STREAM, "Content-Range", "0-9")
                .expectError(404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void cancelAfterDataWasSentStoresNothing() {
        Content blob = TestData.randomBlob(100);
        Response post = oci.startUpload(REPO);
        Response patch = oci.patch(post.location(), blob.bytes(), "Content-Type", Content.OCTET_STREAM,
                "Content-Range", "0-99");
        patch.expectStatus(202);
        oci.delete(patch.location()).expectStatus(204);
        oci.put(OciClient.withQuery(patch.location(), "digest", blob.digest()), new byte[0])
                .expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.assertBlobAbsent(REPO, blob.digest());
    }

    @Test
    void statusOfAFreshSessionIs204WithLocationAndRange() {
        Response post = oci.startUpload(REPO);
        Response status = oci.get(post.location()).expectStatus(204);
        status.location();
        String range = status.requireHeader("Range");
        assertTrue(range.matches("0-(-1|\\d+)"), () -> "Range must be 0-<last byte>: " + status.describe());
    }

    @Test
    void statusAfterChunksReportsTheirRange() {
        Response post = oci.startUpload(REPO);
        Response patch = oci.patch(post.location(), TestData.randomBytes(1000), "Content-Type", Content.OCTET_STREAM,
                "Content-Range", "0-999");
        patch.expectStatus(202).expectHeader("Range", "0-999");
        oci.get(patch.location()).expectStatus(204).expectHeader("Range", "0-999").location();
        oci.get(post.location()).expectStatus(204).expectHeader("Range", "0-999").location();
    }

    @Test
    void everySessionHasItsOwnLocation() {
        String first = oci.startUpload(REPO).location();
        String second = oci.startUpload(REPO).location();
        assertNotEquals(first, second, "two POSTs must open two sessions");
    }

    @Test
    void aFinishedSessionCannotBeUsedAgain() {
        Content blob = TestData.randomBlob(64);
        Response post = oci.startUpload(REPO);
        String put = OciClient.withQuery(post.location(), "digest", blob.digest());
        oci.put(put, blob.bytes(), "Content-Type", Content.OCTET_STREAM).expectStatus(201);
        oci.put(put, blob.bytes(), "Content-Type", Content.OCTET_STREAM).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.get(post.location()).expectError(404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void aSessionBelongsToItsRepository() {
        Response post = oci.startUpload(REPO);
        String path = post.locationPath();
        String prefix = "/v2/" + REPO + "/blobs/uploads/";
        assertTrue(path.startsWith(prefix), () -> "session location under " + prefix + ": " + path);
        String foreign = "/v2/" + OTHER_REPO + "/blobs/uploads/" + path.substring(prefix.length());
        oci.get(foreign).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        Content blob = TestData.randomBlob(32);
        oci.put(OciClient.withQuery(foreign, "digest", blob.digest()), blob.bytes(),
                "Content-Type", Content.OCTET_STREAM).expectError(404, "BLOB_UPLOAD_UNKNOWN");
        oci.headBlob(OTHER_REPO, blob.digest()).expectStatus(404);
        // the session itself is untouched
        oci.get(post.location()).expectStatus(204);
    }

    @Test
    void aLargeStreamedUploadKeepsEveryByte() {
        Content blob = TestData.randomBlob(8 * 1024 * 1024 + 17);
        Response put = oci.pushStreamed(REPO, blob);
        put.expectStatus(201).expectDigestHeaderIfPresent(blob.digest());
        oci.assertBlobExists(REPO, blob);
    }

    @RepeatedTest(3)
    void clientsClosingUploadsOfTheSameBlobAtOnceAllGet201() throws Exception {
        Content blob = TestData.randomBlob(256 * 1024);
        List<String> repos = List.of(REPO, REPO, OTHER_REPO, OTHER_REPO);
        List<String> closing = new ArrayList<>();
        for (String repo : repos) {
            Response post = oci.startUpload(repo);
            Response patch = oci.patch(post.location(), blob.bytes(), "Content-Type", Content.OCTET_STREAM,
                    "Content-Range", "0-" + (blob.size() - 1));
            patch.expectStatus(202);
            closing.add(OciClient.withQuery(patch.location(), "digest", blob.digest()));
        }
        List<Response> responses = concurrently(closing.size(), i -> oci.put(closing.get(i), new byte[0]));
        for (Response response : responses) {
            response.expectStatus(201);
        }
        oci.assertBlobExists(REPO, blob);
        oci.assertBlobExists(OTHER_REPO, blob);
    }

    @RepeatedTest(3)
    void clientsPushingTheSameBlobFromScratchAtOnceAllGet201() throws Exception {
        Content blob = TestData.randomBlob(512 * 1024);
        List<Response> responses = concurrently(6, i -> {
            String repo = i % 2 == 0 ? REPO : OTHER_REPO;
            return i % 3 == 0 ? oci.pushStreamed(repo, blob) : oci.pushPostPut(repo, blob);
        });
        for (Response response : responses) {
            response.expectStatus(201);
        }
        oci.assertBlobExists(REPO, blob);
        oci.assertBlobExists(OTHER_REPO, blob);
    }

    interface Call {
        Response run(int index);
    }

    /** Runs {@code count} calls on as many threads, released together. */
    private static List<Response> concurrently(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return call.run(index);
                }, pool));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "all clients ready");
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (CompletableFuture<Response> future : futures) {
                responses.add(future.get(120, TimeUnit.SECONDS));
            }
            assertEquals(count, responses.size());
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
