package dev.packyard.registry.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Appends to one stored object. {@link #commit()} makes the bytes written so far durable and keeps them;
 * {@link #close()} without a commit drops them, leaving the object exactly as it was when the writer opened,
 * so a client that disconnects in the middle of a chunk leaves no partial chunk behind.
 */
public interface StorageWriter extends AutoCloseable {

    /** The stream to write to; closing it does not commit. */
    OutputStream stream();

    /** Size of the object including what this writer has written. */
    long size();

    /** Forces the written bytes to stable storage and keeps them. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
