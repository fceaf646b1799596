package dev.packyard.registry.storage.filesystem;

import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.StorageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesystemDriverTest {

    @TempDir
    Path root;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putReplacesWholeObjectsAndLeavesNoTemporaryFiles() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        StoragePath path = StoragePath.of("a/b/c");
        driver.put(path, bytes("first"));
        driver.put(path, bytes("second"));
        assertArrayEquals(bytes("second"), driver.get(path));
        assertEquals(6, driver.stat(path).orElseThrow().size());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root.resolve("a/b/c")), files.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void appenderKeepsOnlyCommittedBytes() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        StoragePath path = StoragePath.of("_uploads/x/data");
        try (StorageWriter writer = driver.appender(path, 0)) {
            writer.stream().write(bytes("abc"));
            writer.commit();
        }
        try (StorageWriter writer = driver.appender(path, 3)) {
            writer.stream().write(bytes("lost: the client went away"));
            assertEquals(29, writer.size());
        }
        assertArrayEquals(bytes("abc"), driver.get(path));
        try (StorageWriter writer = driver.appender(path, 3)) {
            writer.stream().write(bytes("def"));
            writer.commit();
        }
        try (InputStream in = driver.reader(path, 2)) {
            assertArrayEquals(bytes("cdef"), in.readAllBytes());
        }
    }

    @Test
    void appenderDropsBytesBeyondTheCommittedOffset() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        StoragePath path = StoragePath.of("_uploads/y/data");
        // what a crash in the middle of a chunk leaves: committed "abc", then half a chunk never acknowledged
        Files.createDirectories(root.resolve("_uploads/y"));
        Files.writeString(root.resolve("_uploads/y/data"), "abcHALF");
        try (StorageWriter writer = driver.appender(path, 3)) {
            writer.stream().write(bytes("def"));
            writer.commit();
        }
        assertArrayEquals(bytes("abcdef"), driver.get(path));
        assertThrows(IOException.class, () -> driver.appender(path, 100), "a record claiming more than the data holds");
    }

    @Test
    void readsLargeObjectsFromAnyOffset() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(big);
        StoragePath path = StoragePath.of("blobs/big/data");
        driver.put(path, big);
        try (InputStream in = driver.reader(path, 1024 * 1024)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(big, 1024 * 1024, big.length), in.readAllBytes());
        }
        try (InputStream in = driver.reader(path, big.length - 5)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(big, big.length - 5, big.length), in.readAllBytes());
        }
    }

    @Test
    void deleteSparesTheTemporaryFileOfAWriteInProgress() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        driver.put(StoragePath.of("tags/v1/current"), bytes("x"));
        Path inFlight = Files.writeString(root.resolve("tags/v1/.tmp-other-writer"), "half written");
        assertTrue(driver.delete(StoragePath.of("tags/v1")));
        assertTrue(driver.stat(StoragePath.of("tags/v1/current")).isEmpty());
        assertTrue(Files.exists(inFlight), "another writer's temporary file must survive, so its rename succeeds");
    }

    @Test
    void listsChildrenSortedWithoutHiddenNames() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        driver.put(StoragePath.of("tags/b/current"), bytes("x"));
        driver.put(StoragePath.of("tags/a/current"), bytes("x"));
        Files.writeString(root.resolve("tags/.tmp-leftover"), "half written");
        assertEquals(List.of("a", "b"), driver.list(StoragePath.of("tags")));
        assertEquals(List.of(), driver.list(StoragePath.of("nothing/here")));
    }

    @Test
    void movesAndDeletesTrees() throws IOException {
        FilesystemDriver driver = new FilesystemDriver(root);
        driver.put(StoragePath.of("up/1/data"), bytes("blob"));
        driver.move(StoragePath.of("up/1/data"), StoragePath.of("blobs/x/data"));
        assertArrayEquals(bytes("blob"), driver.get(StoragePath.of("blobs/x/data")));
        assertTrue(driver.stat(StoragePath.of("up/1/data")).isEmpty());
        assertTrue(driver.delete(StoragePath.of("blobs")));
        assertFalse(driver.delete(StoragePath.of("blobs")));
        assertThrows(StorageNotFoundException.class, () -> driver.get(StoragePath.of("blobs/x/data")));
        assertThrows(StorageNotFoundException.class, () -> driver.reader(StoragePath.of("blobs/x/data"), 0));
    }
}
