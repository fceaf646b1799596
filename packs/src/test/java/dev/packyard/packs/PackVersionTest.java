package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackVersionTest {

    private static PackVersion v(String text) {
        return PackVersion.parse(text).orElseThrow(() -> new AssertionError("unreadable: " + text));
    }

    @Test
    void readsLooseVersionsAsRealPacksWriteThem() {
        assertEquals("1.12.0", v("v1.12.0").semver().getVersion());
        assertEquals("1.29.0", v("1.29").semver().getVersion());
        assertEquals("1.16.0", v("1.16").semver().getVersion());
        assertEquals("2.0.2-up.3", v("2.0.2-up.3").semver().getVersion());
        assertEquals("0.30.0-5.5.2026", v("0.30.0-5.5.2026").semver().getVersion());
        assertEquals("v1.12.0", v("v1.12.0").text(), "the text is kept as written");
        assertEquals(1, v("1.29").major());
        assertEquals(29, v("1.29").minor());
    }

    @Test
    void refusesWhatCannotBeReadEvenLeniently() {
        for (String bad : List.of("", "latest", "2.2.2.develop", "b0.0.1", "1..2", "1.2.3-", "1.2.3-rc..1", "1.x")) {
            assertEquals(Optional.empty(), PackVersion.parse(bad), bad);
        }
        assertEquals(Optional.empty(), PackVersion.parse(null));
    }

    @Test
    void ordersBySemanticVersionPrecedence() {
        assertTrue(v("1.29").compareTo(v("1.29.1")) < 0);
        assertTrue(v("1.29.1").compareTo(v("v1.30.0")) < 0);
        assertTrue(v("2.0.2-up.3").compareTo(v("2.0.2")) < 0);
        assertTrue(v("2.0.2-up.3").isPrerelease());
        assertFalse(v("2.0.2").isPrerelease());
        assertTrue(v("1.10.0").compareTo(v("1.9.9")) > 0, "numeric, not text, order");

        List<PackVersion> sorted = new ArrayList<>(List.of(v("v1.30.0"), v("2.0.2"), v("1.29.1"), v("2.0.2-up.3"),
                v("1.29")));
        sorted.sort(null);
        assertEquals(List.of("1.29", "1.29.1", "v1.30.0", "2.0.2-up.3", "2.0.2"),
                sorted.stream().map(PackVersion::text).toList());
    }

    @Test
    void spellingsOfOneVersionHaveTheSamePrecedenceButAreNotEqual() {
        assertTrue(v("v1.29.0").samePrecedence(v("1.29")));
        assertFalse(v("v1.29.0").equals(v("1.29")));
        assertTrue(v("v1.29.0").compareTo(v("1.29")) != 0, "compareTo agrees with equals");
        assertTrue(v("1.29.0").isStrict());
        assertFalse(v("1.29").isStrict());
        assertFalse(v("v1.29.0").isStrict());
    }
}
