package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StoragePath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lists the repositories in storage: every folder under {@code repositories/} that holds manifests or blobs. */
public final class RepositoryCatalog {

    private final StorageDriver driver;

    public RepositoryCatalog(StorageDriver driver) {
        this.driver = driver;
    }

    /** All repository names, sorted. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        collect(StorageLayout.REPOSITORIES, "", names);
        names.sort(null);
        return names;
    }

    /**
     * The repositories one level below {@code prefix} ({@code prefix/x}, not {@code prefix/x/y}), sorted; the
     * prefix must be a valid repository name, though it need not be a repository itself.
     */
    public List<String> childrenOf(RepositoryName prefix) throws IOException {
        List<String> names = new ArrayList<>();
        StoragePath folder = StorageLayout.repository(prefix);
        for (String child : driver.list(folder)) {
            String name = prefix.value() + "/" + child;
            if (!child.startsWith("_") && RepositoryName.isValid(name)) {
                List<String> inside = driver.list(folder.resolve(child));
                if (inside.contains(StorageLayout.MANIFESTS_FOLDER) || inside.contains(StorageLayout.LAYERS_FOLDER)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private void collect(StoragePath folder, String prefix, List<String> names) throws IOException {
        List<String> children = driver.list(folder);
        if (children.contains(StorageLayout.MANIFESTS_FOLDER) || children.contains(StorageLayout.LAYERS_FOLDER)) {
            names.add(prefix);
        }
        for (String child : children) {
            if (!child.startsWith("_")) {
                String name = prefix.isEmpty() ? child : prefix + "/" + child;
                if (RepositoryName.isValid(name)) {
                    collect(folder.resolve(child), name, names);
                }
            }
        }
    }
}
