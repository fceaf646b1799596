package dev.packyard.registry.storage;

import java.io.IOException;

/** The object a driver was asked for does not exist. */
public final class StorageNotFoundException extends IOException {
    public StorageNotFoundException(StoragePath path) {
        super("no object at " + path);
    }
}
