package dev.packyard.registry.packs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackValidator;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The full content of pack versions (values, presets, schema, readme, logo), read from their tarballs on demand and
 * kept in a bounded cache: the tarball of a digest never changes.
 */
final class PackContents {

    private static final long CACHE_BYTES = 128L * 1024 * 1024;

    private final BlobStore blobs;
    private final long maxExpandedBytes;
    private final PackValidator validator = new PackValidator();
    private final Cache<String, Pack> cache = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((String digest, Pack pack) -> (int) Math.min(Integer.MAX_VALUE,
                    pack.files().files().values().stream().mapToLong(b -> b.length).sum()))
            .build();

    PackContents(BlobStore blobs, long maxExpandedBytes) {
        this.blobs = blobs;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    Pack of(PackVersionRecord record) throws IOException {
        try {
            return cache.get(record.layerDigest(), this::read);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Keeps a pack just validated on its way into storage, so the first reads after its push don't parse it again. */
    void remember(String layerDigest, Pack pack) {
        cache.put(layerDigest, pack);
    }

    private Pack read(String layerDigest) {
        Digest digest = ((Digest.Valid) Digest.parse(layerDigest)).digest();
        try (InputStream in = blobs.open(digest, 0)) {
            return validator.load(PackArchive.read(in, maxExpandedBytes)).pack()
                    .orElseThrow(() -> new IOException("stored pack " + layerDigest + " no longer validates"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
