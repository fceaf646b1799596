package dev.packyard.registry.profiles;

import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stored profiles: {@code profiles/<name>/<version>}, each the document as it was submitted (YAML or JSON), so an
 * export gives back what was imported.
 */
final class ProfileStore {

    /** Profile names become storage keys and URL segments: lowercase words joined by '.', '_' or '-'. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
    private static final StoragePath ROOT = StoragePath.of("profiles");

    private final StorageDriver driver;

    ProfileStore(StorageDriver driver) {
        this.driver = driver;
    }

    /** @return true when a profile of that name and version was replaced */
    boolean put(String name, String version, byte[] document) throws IOException {
        StoragePath path = path(name, version);
        boolean existed = driver.stat(path).isPresent();
        driver.put(path, document);
        return existed;
    }

    Optional<byte[]> get(String name, String version) throws IOException {
        try {
            return Optional.of(driver.get(path(name, version)));
        } catch (StorageNotFoundException e) {
            return Optional.empty();
        }
    }

    boolean delete(String name, String version) throws IOException {
        return driver.delete(path(name, version));
    }

    List<String> names() throws IOException {
        return driver.list(ROOT);
    }

    List<String> versions(String name) throws IOException {
        return driver.list(ROOT.resolve(name));
    }

    private static StoragePath path(String name, String version) {
        return ROOT.resolve(name).resolve(version);
    }
}
