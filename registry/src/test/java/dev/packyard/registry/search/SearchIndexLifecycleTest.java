package dev.packyard.registry.search;

import dev.packyard.registry.TestRegistry;
import io.helidon.logging.common.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index on disk across restarts: kept when sound, rebuilt when missing or corrupt. */
class SearchIndexLifecycleTest {

    /** Held strongly: JUL keeps loggers weakly, and a collected logger loses its handler. */
    private final Logger indexerLog = Logger.getLogger(SearchIndexer.class.getName());
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Helidon configures JUL (a reset that drops handlers) the first time a server starts in this JVM; doing it now
     * keeps the handler added below.
     */
    @BeforeAll
    static void configureLogging() {
        LogConfig.configureRuntime();
    }

    @BeforeEach
    void listen() {
        indexerLog.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        indexerLog.removeHandler(capture);
    }

    private int startAndCount(Path data) throws Exception {
        try (TestRegistry registry = new TestRegistry(data, true)) {
            SearchFixtures.awaitIndex(registry);
            return SearchFixtures.search(registry, SearchFixtures.q("cilium")).path("total").asInt();
        }
    }

    private boolean rebuilt() {
        return messages.stream().anyMatch(m -> m.startsWith("search index: rebuilding"));
    }

    @Test
    void aRestartKeepsTheIndex(@TempDir Path data) throws Exception {
        int first = startAndCount(data);
        assertTrue(first > 0);
        assertTrue(rebuilt(), "a fresh data folder is indexed: " + messages);
        messages.clear();
        try (TestRegistry registry = new TestRegistry(data, true)) {
            assertEquals(first, SearchFixtures.search(registry, SearchFixtures.q("cilium")).path("total").asInt(),
                    "answers at once from the index on disk");
            awaitMessage("search index: opened"); // the check against storage runs in the background
        }
        assertFalse(rebuilt(), messages.toString());
    }

    private void awaitMessage(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (messages.stream().noneMatch(m -> m.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log message starting \"" + prefix + "\" within 60 s: " + messages);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aDeletedIndexIsRebuilt(@TempDir Path data) throws Exception {
        int first = startAndCount(data);
        Path index = data.resolve("_index").resolve("search");
        try (Stream<Path> files = Files.walk(index)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        messages.clear();
        assertEquals(first, startAndCount(data));
        assertTrue(rebuilt(), messages.toString());
    }

    @Test
    void aCorruptIndexIsRebuilt(@TempDir Path data) throws Exception {
        int first = startAndCount(data);
        Path index = data.resolve("_index").resolve("search");
        try (Stream<Path> files = Files.list(index)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 64) {
                    bytes[bytes.length / 2] ^= 0x5a; // a flipped byte fails the file's checksum
                    Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
        }
        messages.clear();
        assertEquals(first, startAndCount(data));
        assertTrue(rebuilt(), messages.toString());
    }
}
