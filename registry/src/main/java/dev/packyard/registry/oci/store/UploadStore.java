package dev.packyard.registry.oci.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.StorageStat;
import dev.packyard.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob upload sessions. A session's offset is the committed length kept in its storage record, so every URL of a
 * session (including a stale one a client re-uses) and every server sharing the storage sees the same state, a
 * chunk that does not start at that offset is refused, and bytes of a chunk still arriving are never reported.
 * Bytes become a blob only when the client's digest matches them.
 */
public final class UploadStore {

    private static final int BUFFER_SIZE = 256 * 1024;
    private static final int LOCK_STRIPES = 256;

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final ObjectMapper json = new ObjectMapper();
    /**
     * Serializes work on a session. Striped and never removed, so every request on one session uses the same lock
     * (a lock dropped while another thread waits on it would let two writers into one session).
     */
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    /** Hash state of each session's bytes so far, so completing a chunked upload needs no second read. */
    private final Map<UUID, RunningHash> hashes = new ConcurrentHashMap<>();

    private record RunningHash(MessageDigest digest, long offset) {
    }

    public UploadStore(StorageDriver driver, BlobStore blobs) {
        this.driver = driver;
        this.blobs = blobs;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public UploadSession start(RepositoryName repository, DigestAlgorithm algorithm) throws IOException {
        UploadSession session = new UploadSession(UUID.randomUUID(), repository, algorithm);
        writeRecord(session, 0);
        return session;
    }

    /** The session with this id in this repository, if it exists (a session is not reachable from another repository). */
    public Optional<UploadSession> find(RepositoryName repository, UUID id) throws IOException {
        JsonNode record;
        try {
            record = json.readTree(driver.get(StorageLayout.uploadSession(id)));
        } catch (StorageNotFoundException e) {
            return Optional.empty();
        }
        if (!repository.value().equals(record.path("repository").asText())) {
            return Optional.empty();
        }
        DigestAlgorithm algorithm = DigestAlgorithm.byId(record.path("algorithm").asText()).orElse(DigestAlgorithm.SHA256);
        return Optional.of(new UploadSession(id, repository, algorithm));
    }

    /** Bytes received and committed so far. */
    public long offset(UploadSession session) throws IOException {
        try {
            return json.readTree(driver.get(StorageLayout.uploadSession(session.id()))).path("committed").asLong(0);
        } catch (StorageNotFoundException e) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + session.id() + " ended meanwhile");
        }
    }

    /**
     * Appends a chunk. When the client sent a {@code Content-Range}, its start must be the current offset: a chunk
     * out of order or sent twice is refused with 416 and changes nothing.
     *
     * @return the offset after the chunk
     */
    public long append(UploadSession session, OptionalLong rangeStart, InputStream body) throws IOException {
        ReentrantLock lock = lock(session.id());
        lock.lock();
        try {
            return appendLocked(session, rangeStart, body);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finishes a session: appends the final chunk (possibly empty), checks the digest and publishes the blob in the
     * session's repository. A digest mismatch discards the session and stores nothing.
     */
    public Digest complete(UploadSession session, OptionalLong rangeStart, InputStream finalChunk, Digest expected)
            throws IOException {
        ReentrantLock lock = lock(session.id());
        lock.lock();
        try {
            long offset = appendLocked(session, rangeStart, finalChunk);
            Digest actual = expected.algorithm() == session.algorithm()
                    ? Digest.fromMessageDigest(expected.algorithm(), cloneOf(runningHash(session, offset).digest()).digest())
                    : rehash(StorageLayout.uploadData(session.id()), offset, expected.algorithm());
            if (!actual.equals(expected)) {
                discard(session.id());
                throw digestMismatch(expected, actual, "the upload session was discarded; start a new upload");
            }
            // End the session before its bytes move: a crash in between leaves unreferenced bytes for the expiry
            // sweep, never a session whose record promises bytes that are gone.
            driver.delete(StorageLayout.uploadSession(session.id()));
            hashes.remove(session.id());
            publish(session.repository(), StorageLayout.uploadData(session.id()), offset, actual);
            driver.delete(StorageLayout.upload(session.id()));
            return actual;
        } finally {
            lock.unlock();
        }
    }

    /** A whole blob in one request ({@code POST ?digest=}): streamed to a private file, verified, then published. */
    public Digest uploadWhole(RepositoryName repository, Digest expected, InputStream body) throws IOException {
        UUID id = UUID.randomUUID();
        StoragePath data = StorageLayout.uploadData(id);
        try {
            MessageDigest hash = expected.algorithm().newMessageDigest();
            long size;
            try (StorageWriter writer = driver.appender(data, 0)) {
                copy(body, writer.stream(), hash);
                writer.commit();
                size = writer.size();
            }
            Digest actual = Digest.fromMessageDigest(expected.algorithm(), hash.digest());
            if (!actual.equals(expected)) {
                throw digestMismatch(expected, actual, "nothing was stored");
            }
            publish(repository, data, size, actual);
            return actual;
        } finally {
            driver.delete(StorageLayout.upload(id));
        }
    }

    /** Cancels a session and removes its bytes. */
    public void cancel(UploadSession session) throws IOException {
        ReentrantLock lock = lock(session.id());
        lock.lock();
        try {
            discard(session.id());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes sessions idle since before {@code cutoff} (and leftovers of whole-blob uploads cut off by a crash).
     *
     * @return how many were removed
     */
    public int expire(Instant cutoff) throws IOException {
        int removed = 0;
        for (String name : driver.list(StorageLayout.UPLOADS)) {
            UUID id;
            try {
                id = UUID.fromString(name);
            } catch (IllegalArgumentException e) {
                continue;
            }
            ReentrantLock lock = lock(id);
            if (!lock.tryLock()) {
                continue; // in use right now, so not idle
            }
            try {
                if (lastActivity(id).map(t -> t.isBefore(cutoff)).orElse(true)) {
                    discard(id);
                    removed++;
                }
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    private long appendLocked(UploadSession session, OptionalLong rangeStart, InputStream body) throws IOException {
        long offset = offset(session);
        if (rangeStart.isPresent() && rangeStart.getAsLong() != offset) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "the chunk starts at byte " + rangeStart.getAsLong()
                    + " but the upload has " + offset + " bytes; send the chunk that starts at " + offset
                    + " (GET the upload URL to see its state)");
        }
        // Hash into a copy so a chunk cut off half-way leaves the session's hash state untouched.
        MessageDigest hash = cloneOf(runningHash(session, offset).digest());
        long size;
        try (StorageWriter writer = driver.appender(StorageLayout.uploadData(session.id()), offset)) {
            copy(body, writer.stream(), hash);
            size = writer.size();
            if (size == offset) {
                return offset;
            }
            writer.commit();
        }
        writeRecord(session, size);
        hashes.put(session.id(), new RunningHash(hash, size));
        return size;
    }

    private void writeRecord(UploadSession session, long committed) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("repository", session.repository().value());
        record.put("algorithm", session.algorithm().id());
        record.put("committed", committed);
        driver.put(StorageLayout.uploadSession(session.id()), json.writeValueAsBytes(record));
    }

    private RunningHash runningHash(UploadSession session, long offset) throws IOException {
        RunningHash known = hashes.get(session.id());
        if (known != null && known.offset() == offset) {
            return known;
        }
        // After a restart the hash state is gone: rebuild it from the stored bytes.
        MessageDigest hash = session.algorithm().newMessageDigest();
        if (offset > 0) {
            try (InputStream in = driver.reader(StorageLayout.uploadData(session.id()), 0)) {
                copy(new BoundedInputStream(in, offset), OutputStream.nullOutputStream(), hash);
            }
        }
        RunningHash rebuilt = new RunningHash(hash, offset);
        hashes.put(session.id(), rebuilt);
        return rebuilt;
    }

    private Digest rehash(StoragePath data, long length, DigestAlgorithm algorithm) throws IOException {
        MessageDigest hash = algorithm.newMessageDigest();
        try (InputStream in = driver.reader(data, 0)) {
            copy(new BoundedInputStream(in, length), OutputStream.nullOutputStream(), hash);
        } catch (StorageNotFoundException e) {
            // an empty upload has no data file
        }
        return Digest.fromMessageDigest(algorithm, hash.digest());
    }

    /**
     * Makes verified bytes the blob {@code digest} and links it into the repository. Content already stored under the
     * digest is kept as it is (it was verified when it arrived), so a push never rewrites a blob other repositories
     * serve.
     */
    private void publish(RepositoryName repository, StoragePath data, long size, Digest digest) throws IOException {
        if (blobs.sizeAnywhere(digest).isEmpty()) {
            if (size == 0 && driver.stat(data).isEmpty()) {
                blobs.putContent(digest, new byte[0]);
            } else {
                blobs.adopt(data, digest);
            }
        }
        blobs.link(repository, digest);
    }

    private void discard(UUID id) throws IOException {
        hashes.remove(id);
        driver.delete(StorageLayout.upload(id));
    }

    private Optional<Instant> lastActivity(UUID id) throws IOException {
        Optional<Instant> latest = Optional.empty();
        for (StoragePath path : new StoragePath[] {StorageLayout.uploadData(id), StorageLayout.uploadSession(id),
                StorageLayout.upload(id)}) {
            Optional<Instant> modified = driver.stat(path).map(StorageStat::modified);
            if (modified.isPresent() && (latest.isEmpty() || modified.get().isAfter(latest.get()))) {
                latest = modified;
            }
        }
        return latest;
    }

    private ReentrantLock lock(UUID id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private static OciException digestMismatch(Digest expected, Digest actual, String consequence) {
        return new OciException(ErrorCode.DIGEST_INVALID, "the uploaded content has digest " + actual
                + ", not " + expected + " as given in ?digest=; " + consequence);
    }

    private static MessageDigest cloneOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM's " + digest.getAlgorithm() + " cannot be cloned", e);
        }
    }

    static long copy(InputStream in, OutputStream out, MessageDigest hash) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            hash.update(buffer, 0, read);
            out.write(buffer, 0, read);
            total += read;
        }
        return total;
    }
}
