package dev.packyard.registry.oci.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.Tag;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.StorageStat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Manifests, tags and the referrers index of each repository.
 *
 * <p>Writes go in an order that keeps every intermediate state consistent: content, then the revision record,
 * then the referrer entry, then tags; a delete undoes them in reverse. A crash between steps leaves at worst an
 * unreferenced blob or an untagged manifest, never a tag or referrer that points at nothing.
 */
public final class ManifestStore {

    /** Manifest bytes are immutable under their digest, so caching them is always safe. */
    private static final long CONTENT_CACHE_BYTES = 64L * 1024 * 1024;

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final ObjectMapper json = new ObjectMapper();
    private final Cache<Digest, byte[]> contentCache = Caffeine.newBuilder()
            .maximumWeight(CONTENT_CACHE_BYTES)
            .weigher((Digest digest, byte[] content) -> content.length)
            .build();

    /**
     * Serializes writes within a repository, so a delete that scans tags cannot interleave with a push that adds one
     * (which could leave a tag pointing at a deleted manifest). Striped by repository name and never removed.
     */
    private final ReentrantLock[] repositoryLocks = new ReentrantLock[64];

    public ManifestStore(StorageDriver driver, BlobStore blobs) {
        this.driver = driver;
        this.blobs = blobs;
        for (int i = 0; i < repositoryLocks.length; i++) {
            repositoryLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Stores a manifest whose references were checked by {@link #checkReferences}, and points {@code tags} at it.
     */
    public ManifestRevision put(RepositoryName repository, Digest digest, byte[] content, Manifest manifest,
                                Collection<String> tags) throws IOException {
        ManifestRevision revision = new ManifestRevision(digest, manifest.mediaType(), content.length,
                manifest.subject().map(Descriptor::digest));
        blobs.putContent(digest, content);
        contentCache.put(digest, content);
        ReentrantLock lock = lock(repository);
        lock.lock();
        try {
            driver.put(StorageLayout.revision(repository, digest), json.writeValueAsBytes(revisionRecord(revision)));
            if (manifest.subject().isPresent()) {
                Digest subject = manifest.subject().get().digest();
                driver.put(StorageLayout.referrer(repository, subject, digest),
                        json.writeValueAsBytes(referrerDescriptor(revision, manifest)));
            }
            for (String tag : tags) {
                driver.put(StorageLayout.tagCurrent(repository, tag), digest.toString().getBytes(StandardCharsets.US_ASCII));
            }
        } finally {
            lock.unlock();
        }
        return revision;
    }

    /**
     * Refuses a manifest that lists a blob or manifest the repository does not hold ({@code MANIFEST_BLOB_UNKNOWN}),
     * or a blob whose size differs. The subject may be missing, as the spec requires, and layers that live
     * elsewhere (non-distributable) are not expected here.
     */
    public void checkReferences(RepositoryName repository, Manifest manifest) throws IOException {
        for (Descriptor blob : manifest.blobs()) {
            if (blob.isNonDistributable()) {
                continue;
            }
            Optional<Long> size = blobs.size(repository, blob.digest());
            if (size.isEmpty()) {
                throw new OciException(ErrorCode.MANIFEST_BLOB_UNKNOWN, blob.field() + " references blob "
                        + blob.digest() + ", which repository " + repository + " does not have; push the blob first");
            }
            if (size.get() != blob.size()) {
                throw new OciException(ErrorCode.MANIFEST_INVALID, blob.field() + " gives size " + blob.size()
                        + " for blob " + blob.digest() + ", which is " + size.get() + " bytes");
            }
        }
        for (Descriptor child : manifest.manifests()) {
            if (revision(repository, child.digest()).isEmpty()) {
                throw new OciException(ErrorCode.MANIFEST_BLOB_UNKNOWN, child.field() + " references manifest "
                        + child.digest() + ", which repository " + repository + " does not have; push it first");
            }
        }
    }

    public Optional<ManifestRevision> revision(RepositoryName repository, Digest digest) throws IOException {
        byte[] record;
        try {
            record = driver.get(StorageLayout.revision(repository, digest));
        } catch (StorageNotFoundException e) {
            return Optional.empty();
        }
        JsonNode node = json.readTree(record);
        Optional<Digest> subject = node.hasNonNull("subject")
                ? Optional.of(validDigest(node.get("subject").asText())) : Optional.empty();
        return Optional.of(new ManifestRevision(digest, node.get("mediaType").asText(), node.get("size").asLong(), subject));
    }

    /** When the repository's record of the manifest was last written, i.e. when it was pushed. */
    public Optional<Instant> pushedAt(RepositoryName repository, Digest digest) throws IOException {
        return driver.stat(StorageLayout.revision(repository, digest)).map(StorageStat::modified);
    }

    /** The manifest with its exact bytes, when the repository holds it. */
    public Optional<StoredManifest> get(RepositoryName repository, Digest digest) throws IOException {
        Optional<ManifestRevision> revision = revision(repository, digest);
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        byte[] content = contentCache.getIfPresent(digest);
        if (content == null) {
            try {
                content = blobs.content(digest);
            } catch (StorageNotFoundException e) {
                return Optional.empty();
            }
            contentCache.put(digest, content);
        }
        return Optional.of(new StoredManifest(revision.get(), content));
    }

    public Optional<Digest> resolveTag(RepositoryName repository, String tag) throws IOException {
        try {
            return Optional.of(validDigest(new String(driver.get(StorageLayout.tagCurrent(repository, tag)),
                    StandardCharsets.US_ASCII).trim()));
        } catch (StorageNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Points {@code tag} at a manifest the repository already holds. */
    public void tag(RepositoryName repository, String tag, Digest digest) throws IOException {
        ReentrantLock lock = lock(repository);
        lock.lock();
        try {
            if (revision(repository, digest).isEmpty()) {
                throw new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + digest + " is not in repository " + repository);
            }
            driver.put(StorageLayout.tagCurrent(repository, tag), digest.toString().getBytes(StandardCharsets.US_ASCII));
        } finally {
            lock.unlock();
        }
    }

    public boolean deleteTag(RepositoryName repository, String tag) throws IOException {
        ReentrantLock lock = lock(repository);
        lock.lock();
        try {
            return driver.delete(StorageLayout.tagFolder(repository, tag));
        } finally {
            lock.unlock();
        }
    }

    /** Deletes a manifest, every tag that points at it and its referrer entry; false when it was not there. */
    public boolean delete(RepositoryName repository, Digest digest) throws IOException {
        ReentrantLock lock = lock(repository);
        lock.lock();
        try {
            Optional<ManifestRevision> revision = revision(repository, digest);
            if (revision.isEmpty()) {
                return false;
            }
            for (String tag : driver.list(StorageLayout.tags(repository))) {
                if (resolveTag(repository, tag).filter(digest::equals).isPresent()) {
                    driver.delete(StorageLayout.tagFolder(repository, tag));
                }
            }
            if (revision.get().subject().isPresent()) {
                driver.delete(StorageLayout.referrer(repository, revision.get().subject().get(), digest));
            }
            driver.delete(StorageLayout.revision(repository, digest));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The repository's tags in the spec's order, or empty when the repository does not exist. */
    public Optional<List<String>> tags(RepositoryName repository) throws IOException {
        if (!exists(repository)) {
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>(driver.list(StorageLayout.tags(repository)));
        tags.sort(Tag.ORDER);
        return Optional.of(tags);
    }

    /** Descriptors of the manifests whose subject is {@code subject}, ordered by digest. */
    public List<ObjectNode> referrers(RepositoryName repository, Digest subject) throws IOException {
        StoragePath folder = StorageLayout.referrers(repository, subject);
        List<ObjectNode> descriptors = new ArrayList<>();
        for (String entry : driver.list(folder)) {
            try {
                descriptors.add((ObjectNode) json.readTree(driver.get(folder.resolve(entry))));
            } catch (StorageNotFoundException e) {
                // deleted while listing
            }
        }
        return descriptors;
    }

    /** A repository exists once something was pushed to it (not merely because a nested one was). */
    public boolean exists(RepositoryName repository) throws IOException {
        List<String> children = driver.list(StorageLayout.repository(repository));
        return children.contains(StorageLayout.MANIFESTS_FOLDER) || children.contains(StorageLayout.LAYERS_FOLDER);
    }

    private ReentrantLock lock(RepositoryName repository) {
        return repositoryLocks[Math.floorMod(repository.value().hashCode(), repositoryLocks.length)];
    }

    private ObjectNode revisionRecord(ManifestRevision revision) {
        ObjectNode record = json.createObjectNode();
        record.put("digest", revision.digest().toString());
        record.put("mediaType", revision.mediaType());
        record.put("size", revision.size());
        revision.subject().ifPresent(subject -> record.put("subject", subject.toString()));
        return record;
    }

    private ObjectNode referrerDescriptor(ManifestRevision revision, Manifest manifest) {
        ObjectNode descriptor = json.createObjectNode();
        descriptor.put("mediaType", revision.mediaType());
        descriptor.put("digest", revision.digest().toString());
        descriptor.put("size", revision.size());
        manifest.artifactType().ifPresent(type -> descriptor.put("artifactType", type));
        if (!manifest.annotations().isEmpty()) {
            ObjectNode annotations = descriptor.putObject("annotations");
            manifest.annotations().forEach(annotations::put);
        }
        return descriptor;
    }

    private static Digest validDigest(String text) throws IOException {
        if (Digest.parse(text) instanceof Digest.Valid valid) {
            return valid.digest();
        }
        throw new IOException("corrupt registry record: '" + text + "' is not a digest");
    }
}
