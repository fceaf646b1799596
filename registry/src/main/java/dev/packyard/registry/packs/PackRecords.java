package dev.packyard.registry.packs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.StorageLayout;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Pack version records in storage: {@code repositories/<name>/_pack/<version>}, one JSON document each. */
final class PackRecords {

    private final StorageDriver driver;
    private final ObjectMapper json = new ObjectMapper();

    PackRecords(StorageDriver driver) {
        this.driver = driver;
    }

    List<PackVersionRecord> read(RepositoryName repository) throws IOException {
        StoragePath folder = folder(repository);
        List<PackVersionRecord> records = new ArrayList<>();
        for (String version : driver.list(folder)) {
            try {
                records.add(json.readValue(driver.get(folder.resolve(version)), PackVersionRecord.class));
            } catch (StorageNotFoundException e) {
                // deleted while listing
            }
        }
        return records;
    }

    void write(PackVersionRecord record) throws IOException {
        driver.put(folder(new RepositoryName(record.repository())).resolve(record.version()), json.writeValueAsBytes(record));
    }

    void delete(RepositoryName repository, String version) throws IOException {
        driver.delete(folder(repository).resolve(version));
    }

    private static StoragePath folder(RepositoryName repository) {
        return StorageLayout.featureFolder(repository, "pack");
    }
}
