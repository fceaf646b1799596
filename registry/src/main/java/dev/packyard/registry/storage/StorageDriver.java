package dev.packyard.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The narrow storage SPI every driver implements (filesystem now, object stores later).
 *
 * <p>Paths are {@link StoragePath}s: slash-separated keys relative to the driver's root, already validated,
 * so a driver never sees {@code ..}, empty segments or control characters. Everything Packyard needs to rebuild its
 * state lives behind this interface; callers never touch {@code java.nio.file} types.
 */
public interface StorageDriver {

    /** Size and modification time of the object at {@code path}, or empty when there is none. */
    Optional<StorageStat> stat(StoragePath path) throws IOException;

    /** The whole content of a small object; fails with {@link StorageNotFoundException} when absent. */
    byte[] get(StoragePath path) throws IOException;

    /**
     * Stores {@code content} at {@code path} atomically and durably: a reader sees either the old object or the
     * whole new one, and the new one survives a crash once this returns.
     */
    void put(StoragePath path, byte[] content) throws IOException;

    /** Reads the object from {@code offset} on; fails with {@link StorageNotFoundException} when absent. */
    InputStream reader(StoragePath path, long offset) throws IOException;

    /**
     * Opens a writer that appends to the object at {@code path} (creating it) from {@code offset} on, used for
     * upload sessions. Bytes beyond {@code offset} (left by a writer that never committed, e.g. one cut off by a
     * crash) are dropped first. Nothing written is kept unless {@link StorageWriter#commit()} is called, and only one
     * writer at a time may hold an object: a second one waits. An object store implements this with one part object
     * per commit, composed when the upload is moved into place.
     */
    StorageWriter appender(StoragePath path, long offset) throws IOException;

    /** Names of the direct children of {@code path} (objects and prefixes), sorted; empty when there are none. */
    List<String> list(StoragePath path) throws IOException;

    /**
     * Moves an object so that it appears at {@code to} whole or not at all, replacing whatever is there
     * (an object store copies, then deletes the source).
     */
    void move(StoragePath from, StoragePath to) throws IOException;

    /** Deletes the object or everything under the prefix {@code path}; returns false when nothing was there. */
    boolean delete(StoragePath path) throws IOException;

    /** A short name for logs and {@code /health}, e.g. {@code filesystem}. */
    String name();
}
