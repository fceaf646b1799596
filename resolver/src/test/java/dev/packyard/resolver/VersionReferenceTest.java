package dev.packyard.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.packs.PackVersion;
import dev.packyard.resolver.reference.VersionReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionReferenceTest {

    private static boolean accepts(String reference, String version) {
        return accepts(reference, version, null);
    }

    private static boolean accepts(String reference, String version, String group) {
        return VersionReference.parse(reference).accepts(PackVersion.parse(version).orElseThrow(),
                Optional.ofNullable(group));
    }

    @ParameterizedTest
    @CsvSource({
            "1.31.4, Exact", "1.16, Exact", "v1.2.0, Exact", "2.0.2-up.3, Exact", "lts__22.04.5, Exact",
            "1.x, Train", "1.31.x, Train", "lts__22.04.x, Train", "LTS__18.4.x, Train", "4.X, Train",
            "'>=1.29 <1.32', Range", "~1.30, Range", "^2.1, Range", "'1.2 - 1.4', Range", "'>= 1.29', Range",
            "'1.2.3 || 2.x', Range",
            "latest, Latest", "'', Latest", "*, Latest", "LATEST, Latest"})
    void kinds(String text, String kind) {
        VersionReference reference = VersionReference.parse(text);
        assertEquals(kind, reference.getClass().getSimpleName());
        assertEquals(text.isBlank() ? "latest" : text.strip(), reference.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.2.3.4", "2.2.2.develop", ">=foo", "1..2", "lts__", "lts__abc", "> <", "1.2 -",
            ">=1.29 <", "v1.x.y"})
    void refusesWhatIsNoReference(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionReference.parse(text));
        assertTrue(e.getMessage().contains("write an exact version (1.31.4), a train (1.x, 1.31.x, lts__22.04.x)"),
                e.getMessage());
    }

    @Test
    void exactMatchesByPrecedence() {
        assertTrue(accepts("1.16", "1.16.0"));
        assertTrue(accepts("v1.2.0", "1.2.0"));
        assertFalse(accepts("1.2.0", "1.2.1"));
        assertTrue(accepts("2.0.2-up.3", "2.0.2-up.3"));
        assertInstanceOf(VersionReference.Exact.class, VersionReference.parse("1.31.4"));
        assertTrue(VersionReference.parse("1.31.4").isExact());
        assertFalse(VersionReference.parse("1.31.x").isExact());
    }

    @Test
    void trains() {
        assertTrue(accepts("1.x", "1.31.4"));
        assertFalse(accepts("1.x", "2.0.0"));
        assertTrue(accepts("1.31.x", "1.31.0"));
        assertFalse(accepts("1.31.x", "1.30.9"));
        assertFalse(accepts("2.x", "2.0.2-up.3"), "trains skip pre-releases");
        assertFalse(accepts("2.0.x", "2.0.2-up.3"));
    }

    @Test
    void groupTrainsNeedTheGroupCaseInsensitively() {
        assertTrue(accepts("lts__22.04.x", "22.04.5", "LTS"));
        assertFalse(accepts("lts__22.04.x", "22.04.5", null));
        assertFalse(accepts("lts__22.04.x", "22.04.5", "edge"));
        assertTrue(accepts("22.04.x", "22.04.5", "LTS"), "a train without a group accepts any group");
        assertTrue(accepts("LTS__22.04.5", "22.04.5", "lts"));
    }

    @Test
    void ranges() {
        assertTrue(accepts(">=1.29 <1.32", "1.31.9"));
        assertFalse(accepts(">=1.29 <1.32", "1.32.0"));
        assertTrue(accepts(">=1.29 <1.32", "1.29"), "two-part versions read as .0");
        assertTrue(accepts("~1.30", "1.30.5"));
        assertFalse(accepts("~1.30", "1.31.0"));
        assertTrue(accepts("^2.1", "2.9.9"));
        assertFalse(accepts("^2.1", "3.0.0"));
        assertFalse(accepts(">=2.0.0", "2.0.2-up.3"), "a range skips pre-releases it does not name");
        assertTrue(accepts(">=2.0.2-up.0", "2.0.2-up.3"));
        assertEquals(VersionReference.parse("~1.30"), VersionReference.parse("~1.30"));
    }

    @Test
    void latestSkipsPreReleases() {
        assertTrue(accepts("latest", "9.9.9"));
        assertFalse(accepts("latest", "2.0.2-up.3"));
    }
}
