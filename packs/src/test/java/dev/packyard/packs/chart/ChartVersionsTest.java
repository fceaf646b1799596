package dev.packyard.packs.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartVersionsTest {

    @Test
    void tagsReplacePlusWithUnderscoreAndBack() {
        assertEquals("1.2.3_build.5", ChartVersions.tagOf("1.2.3+build.5"));
        assertEquals("1.2.3-rc.1_build.5", ChartVersions.tagOf("1.2.3-rc.1+build.5"));
        assertEquals("1.2.3", ChartVersions.tagOf("1.2.3"));
        assertEquals("1.2.3+build.5", ChartVersions.versionOfTag("1.2.3_build.5"));
        assertEquals("1.2.3-rc.1", ChartVersions.versionOfTag("1.2.3-rc.1"));
        for (String version : List.of("0.0.0", "1.0.0-alpha", "1.0.0+a.b", "2.0.0-x-y+z-1")) {
            assertEquals(version, ChartVersions.versionOfTag(ChartVersions.tagOf(version)), version);
            assertTrue(ChartVersions.tagOf(version).matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}"),
                    "an OCI tag: " + ChartVersions.tagOf(version));
        }
    }

    @Test
    void newestFirstOrdersByPrecedenceNumericallyWithPreReleasesBelowTheirRelease() {
        List<String> expected = List.of("2.0.0", "1.10.0", "1.9.0", "1.9.0-rc.2", "1.9.0-rc.1");
        for (long seed = 0; seed < 20; seed++) {
            List<String> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.sort(ChartVersions.NEWEST_FIRST);
            assertEquals(expected, shuffled);
        }
    }

    @Test
    void newestFirstFollowsSemverPrecedenceInDetail() {
        // semver.org's own example, oldest first, plus numeric pre-release identifiers past 9
        List<String> oldestFirst = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.10", "1.2.0", "1.10.0", "10.0.0");
        List<String> sorted = new ArrayList<>(oldestFirst);
        Collections.reverse(sorted);
        Collections.shuffle(sorted, new Random(7));
        sorted.sort(ChartVersions.NEWEST_FIRST);
        List<String> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, sorted);
    }

    @Test
    void buildMetadataTiesAreBrokenByTextSoTheOrderIsTotal() {
        assertTrue(ChartVersions.NEWEST_FIRST.compare("1.0.0+b", "1.0.0+a") < 0);
        assertTrue(ChartVersions.NEWEST_FIRST.compare("1.0.0+a", "1.0.0+b") > 0);
        assertEquals(0, ChartVersions.NEWEST_FIRST.compare("1.0.0+a", "1.0.0+a"));
        assertTrue(ChartVersions.NEWEST_FIRST.compare("1.0.1", "1.0.0+zzz") < 0, "build metadata is no precedence");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "1.2.3", "1.2.3-rc.1+build.5", "1.0.0-0A.is.legal", "1.0.0+0.build.1-rc.10000aaa-kk-0.1"})
    void validVersions(String version) {
        assertTrue(ChartVersions.isValid(version), version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-semver", "V1.2.3", "v1.2", "1.2", "1", "01.2.3", "1.2.3-", "1.2.3+", "1.2.3-00",
            "1.2.3-rc.01", "1.2.3-rc!", "1.2.3 ", "1.2.3\n", "1.2.3_build"})
    void invalidVersions(String version) {
        assertFalse(ChartVersions.isValid(version), version);
    }

    @Test
    void versionsAreCappedAt128Characters() {
        String base = "1.0.0-";
        assertTrue(ChartVersions.isValid(base + "a".repeat(128 - base.length())));
        assertFalse(ChartVersions.isValid(base + "a".repeat(129 - base.length())));
    }
}
