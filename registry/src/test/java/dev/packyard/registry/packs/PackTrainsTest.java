package dev.packyard.registry.packs;

import dev.packyard.packs.PackVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackTrainsTest {

    private static Map<String, String> trains(String... versions) {
        Map<String, String> result = new TreeMap<>();
        PackTrains.trains(java.util.Arrays.stream(versions).map(v -> PackVersion.parse(v).orElseThrow()).toList())
                .forEach((tag, version) -> result.put(tag, version.text()));
        return result;
    }

    @Test
    void pointsEveryTrainAtItsHighestReleasedVersion() {
        assertEquals(Map.of("1.x", "1.31.2", "1.30.x", "1.30.6", "1.31.x", "1.31.2", "2.x", "2.0.0", "2.0.x", "2.0.0"),
                trains("1.30.5", "1.31.2", "1.30.6", "1.31.1", "2.0.0", "2.1.0-rc.1"));
        assertEquals(Map.of("1.x", "1.16", "1.16.x", "1.16"), trains("1.16"));
        assertEquals(Map.of(), trains("2.0.2-up.3"));
    }

    @Test
    void knowsTrainTags() {
        for (String tag : List.of("1.x", "1.31.x", "22.04.x")) {
            assertTrue(PackTrains.isTrainTag(tag), tag);
        }
        for (String tag : List.of("1.31.2", "x", "1.x.x", "lts__22.04.x", "latest")) {
            assertFalse(PackTrains.isTrainTag(tag), tag);
        }
    }
}
