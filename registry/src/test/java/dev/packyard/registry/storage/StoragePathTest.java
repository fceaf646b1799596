package dev.packyard.registry.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoragePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../b", "./a", "/etc/passwd", "a//b", "a/", "a\\b", "a/%2F/b", "a\u0000b", "..a/.hidden",
            "a/b c", "C:/x"})
    void refusesAnythingThatCouldLeaveTheRoot(String unsafe) {
        assertThrows(IllegalArgumentException.class, () -> StoragePath.of(unsafe));
        assertThrows(IllegalArgumentException.class, () -> StoragePath.of("repositories").resolve(unsafe));
    }

    @Test
    void keepsSegmentsOfSafePaths() {
        StoragePath path = StoragePath.of("repositories/a/b").resolve("_manifests/tags/v1.0_rc-1");
        assertEquals("repositories/a/b/_manifests/tags/v1.0_rc-1", path.toString());
        assertEquals("v1.0_rc-1", path.name());
        assertEquals(6, path.segments().size());
    }
}
