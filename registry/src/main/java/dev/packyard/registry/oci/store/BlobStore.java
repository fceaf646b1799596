package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.StorageStat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Content-addressed blobs shared by all repositories, and the per-repository links that make a blob visible in a
 * repository. A blob's data appears only by an atomic move of complete, verified bytes, so a reader never sees a
 * partial blob.
 */
public final class BlobStore {

    private final StorageDriver driver;

    public BlobStore(StorageDriver driver) {
        this.driver = driver;
    }

    /** Size of the blob when it is linked into {@code repository} and its data exists. */
    public Optional<Long> size(RepositoryName repository, Digest digest) throws IOException {
        if (driver.stat(StorageLayout.layerLink(repository, digest)).isEmpty()) {
            return Optional.empty();
        }
        return driver.stat(StorageLayout.blobData(digest)).map(StorageStat::size);
    }

    /** Size of the blob's data when any repository has pushed it. */
    public Optional<Long> sizeAnywhere(Digest digest) throws IOException {
        return driver.stat(StorageLayout.blobData(digest)).map(StorageStat::size);
    }

    public InputStream open(Digest digest, long offset) throws IOException {
        return driver.reader(StorageLayout.blobData(digest), offset);
    }

    public byte[] content(Digest digest) throws IOException {
        return driver.get(StorageLayout.blobData(digest));
    }

    /** Stores small verified content (a manifest) under its digest unless it is already there. */
    public void putContent(Digest digest, byte[] content) throws IOException {
        StoragePath data = StorageLayout.blobData(digest);
        if (driver.stat(data).isEmpty()) {
            driver.put(data, content);
        }
    }

    /**
     * Moves completed, verified upload bytes into place. When the blob already exists (another client uploaded the
     * same content), the move replaces it with identical bytes, so concurrent uploads of one blob both succeed.
     */
    void adopt(StoragePath uploadData, Digest digest) throws IOException {
        driver.move(uploadData, StorageLayout.blobData(digest));
    }

    /** Makes the blob visible in {@code repository}. */
    public void link(RepositoryName repository, Digest digest) throws IOException {
        StoragePath link = StorageLayout.layerLink(repository, digest);
        if (driver.stat(link).isEmpty()) {
            driver.put(link, digest.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Removes the blob from {@code repository}; its data stays for other repositories. */
    public boolean unlink(RepositoryName repository, Digest digest) throws IOException {
        return driver.delete(StorageLayout.layerLinkFolder(repository, digest));
    }
}
