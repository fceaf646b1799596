package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.filesystem.FilesystemDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadStoreTest {

    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final byte[] CONTENT = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;
    private FilesystemDriver driver;
    private BlobStore blobs;

    @BeforeEach
    void open() throws IOException {
        driver = new FilesystemDriver(root);
        blobs = new BlobStore(driver);
    }

    private static InputStream part(int from, int to) {
        return new ByteArrayInputStream(CONTENT, from, to - from);
    }

    @Test
    void refusesChunksOutOfOrderAndKeepsTheSessionIntact() throws IOException {
        UploadStore uploads = new UploadStore(driver, blobs);
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA256);
        OciException outOfOrder = assertThrows(OciException.class, () -> uploads.append(session, OptionalLong.of(10), part(10, 20)));
        assertEquals(416, outOfOrder.status());
        assertEquals(10, uploads.append(session, OptionalLong.of(0), part(0, 10)));
        OciException resent = assertThrows(OciException.class, () -> uploads.append(session, OptionalLong.of(0), part(0, 10)));
        assertEquals(416, resent.status());
        assertEquals(10, uploads.offset(session));
    }

    @Test
    void completesASessionStartedBeforeARestart() throws IOException {
        UploadStore before = new UploadStore(driver, blobs);
        UploadSession session = before.start(REPO, DigestAlgorithm.SHA256);
        before.append(session, OptionalLong.empty(), part(0, 12));

        UploadStore after = new UploadStore(driver, blobs); // no in-memory hash state
        UploadSession found = after.find(REPO, session.id()).orElseThrow();
        Digest expected = Digest.of(DigestAlgorithm.SHA256, CONTENT);
        assertEquals(expected, after.complete(found, OptionalLong.of(12), part(12, 20), expected));
        assertEquals(20L, blobs.size(REPO, expected).orElseThrow());
        assertTrue(after.find(REPO, session.id()).isEmpty(), "a finished session is gone");
        assertTrue(after.find(new RepositoryName("other"), session.id()).isEmpty());
    }

    @Test
    void discardsAnUploadWhoseDigestDoesNotMatch() throws IOException {
        UploadStore uploads = new UploadStore(driver, blobs);
        Digest wrong = Digest.of(DigestAlgorithm.SHA256, "something else".getBytes(StandardCharsets.US_ASCII));
        OciException whole = assertThrows(OciException.class, () -> uploads.uploadWhole(REPO, wrong, part(0, 20)));
        assertEquals(ErrorCode.DIGEST_INVALID, whole.code());
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA256);
        OciException chunked = assertThrows(OciException.class,
                () -> uploads.complete(session, OptionalLong.empty(), part(0, 20), wrong));
        assertEquals(ErrorCode.DIGEST_INVALID, chunked.code());
        assertTrue(blobs.sizeAnywhere(wrong).isEmpty());
        assertTrue(blobs.sizeAnywhere(Digest.of(DigestAlgorithm.SHA256, CONTENT)).isEmpty());
        assertEquals(List.of(), driver.list(StoragePath.of("_uploads")));
    }

    @Test
    void verifiesSha512UploadsAndMixedAlgorithms() throws IOException {
        UploadStore uploads = new UploadStore(driver, blobs);
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, CONTENT);
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA512);
        uploads.append(session, OptionalLong.empty(), part(0, 20));
        assertEquals(sha512, uploads.complete(session, OptionalLong.empty(), part(0, 0), sha512));
        // a session started for sha256 and closed with a sha512 digest is hashed again, not refused
        Digest sha512Again = Digest.of(DigestAlgorithm.SHA512, "x".getBytes(StandardCharsets.US_ASCII));
        UploadSession other = uploads.start(REPO, DigestAlgorithm.SHA256);
        assertEquals(sha512Again, uploads.complete(other, OptionalLong.empty(),
                new ByteArrayInputStream("x".getBytes(StandardCharsets.US_ASCII)), sha512Again));
    }

    @Test
    void concurrentUploadsOfOneBlobAllSucceed() throws Exception {
        UploadStore uploads = new UploadStore(driver, blobs);
        byte[] big = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, big);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Digest>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RepositoryName repository = new RepositoryName("r" + i);
                results.add(pool.submit(() -> uploads.uploadWhole(repository, digest, new ByteArrayInputStream(big))));
            }
            for (Future<Digest> result : results) {
                assertEquals(digest, result.get());
            }
        }
        try (InputStream in = blobs.open(digest, 0)) {
            assertArrayEquals(big, in.readAllBytes());
        }
    }

    @Test
    void reportsOnlyCommittedBytesWhileAChunkIsArriving() throws Exception {
        UploadStore uploads = new UploadStore(driver, blobs);
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA256);
        uploads.append(session, OptionalLong.empty(), part(0, 4));
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream arriving = new java.io.PipedInputStream(client, 64);
        Thread patch = Thread.ofVirtual().start(() -> {
            try {
                uploads.append(session, OptionalLong.of(4), arriving);
            } catch (IOException e) {
                // the client "disconnects" below
            }
        });
        client.write(new byte[100]);
        client.flush();
        assertEquals(4, uploads.offset(session), "bytes of a chunk still arriving are not reported");
        client.close(); // end of the chunk
        patch.join();
        assertEquals(104, uploads.offset(session));
    }

    @Test
    void neverRewritesABlobThatIsAlreadyStored() throws Exception {
        UploadStore uploads = new UploadStore(driver, blobs);
        Digest digest = Digest.of(DigestAlgorithm.SHA256, CONTENT);
        uploads.uploadWhole(new RepositoryName("first"), digest, part(0, 20));
        Path data = root.resolve("blobs/sha256/" + digest.prefix() + "/" + digest.hex() + "/data");
        Object inode = java.nio.file.Files.readAttributes(data, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        uploads.uploadWhole(new RepositoryName("second"), digest, part(0, 20));
        assertEquals(inode, java.nio.file.Files.readAttributes(data, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(20L, blobs.size(new RepositoryName("second"), digest).orElseThrow());
    }

    @Test
    void serializesConcurrentChunksOfOneSession() throws Exception {
        UploadStore uploads = new UploadStore(driver, blobs);
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA256);
        int clients = 8;
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                pool.submit(() -> {
                    try {
                        uploads.append(session, OptionalLong.of(0), part(0, 10));
                        accepted.incrementAndGet();
                    } catch (OciException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        assertEquals(1, accepted.get(), "exactly one chunk starting at 0 can be accepted");
        assertEquals(clients - 1, refused.get());
        Digest first10 = Digest.of(DigestAlgorithm.SHA256, java.util.Arrays.copyOf(CONTENT, 10));
        assertEquals(first10, uploads.complete(session, OptionalLong.empty(), part(0, 0), first10));
    }

    @Test
    void expiresIdleSessionsAndTheirBytes() throws IOException {
        UploadStore uploads = new UploadStore(driver, blobs);
        UploadSession session = uploads.start(REPO, DigestAlgorithm.SHA256);
        uploads.append(session, OptionalLong.empty(), part(0, 5));
        assertEquals(0, uploads.expire(Instant.now().minusSeconds(60)), "a fresh session is kept");
        assertEquals(1, uploads.expire(Instant.now().plusSeconds(1)));
        assertTrue(uploads.find(REPO, session.id()).isEmpty());
        assertEquals(List.of(), driver.list(StoragePath.of("_uploads")));
    }
}
