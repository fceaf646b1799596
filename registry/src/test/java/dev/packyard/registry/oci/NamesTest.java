package dev.packyard.registry.oci;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "library/ubuntu", "spectro-packs/archive/cilium", "a.b_c__d---e/f0", "x/y/z/w"})
    void acceptsSpecRepositoryNames(String name) {
        assertTrue(RepositoryName.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "a/", "/a", "a//b", "..", "a/../b", "a/./b", "a%2Fb", "a b", "_a", "a/_manifests",
            "a\u0000", "a___b", "-a", "a-"})
    void refusesEverythingElse(String name) {
        assertFalse(RepositoryName.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.0", "TEST0", "_x", "1.31.x", "sha256-abc.sig"})
    void acceptsTags(String tag) {
        assertTrue(Tag.isValid(tag));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".INVALID_MANIFEST_NAME", "-x", "a/b", "a:b", "..", "a%00"})
    void refusesBadTags(String tag) {
        assertFalse(Tag.isValid(tag));
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongNamesAndTags() {
        assertFalse(RepositoryName.isValid("a".repeat(256)));
        assertTrue(Tag.isValid("t".repeat(128)));
        assertFalse(Tag.isValid("t".repeat(129)));
    }
}
