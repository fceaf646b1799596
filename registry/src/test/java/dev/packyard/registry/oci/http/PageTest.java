package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTest {

    private static final List<String> TAGS = List.of("a", "B", "c", "D", "e");

    @Test
    void pagesWithNAndLast() {
        assertEquals(new Page(List.of("a", "B"), true), Page.of(TAGS, Optional.of("2"), Optional.empty(), Tag.ORDER));
        assertEquals(new Page(List.of("c", "D"), true), Page.of(TAGS, Optional.of("2"), Optional.of("B"), Tag.ORDER));
        assertEquals(new Page(List.of("e"), false), Page.of(TAGS, Optional.of("2"), Optional.of("D"), Tag.ORDER));
        assertEquals(new Page(List.of(), false), Page.of(TAGS, Optional.of("0"), Optional.empty(), Tag.ORDER));
        assertEquals(new Page(TAGS, false), Page.of(TAGS, Optional.empty(), Optional.empty(), Tag.ORDER));
        assertEquals(new Page(List.of("c", "D", "e"), false), Page.of(TAGS, Optional.empty(), Optional.of("bb"), Tag.ORDER));
    }

    @Test
    void refusesBadPageSizes() {
        // UNSUPPORTED with 400: the spec lists no code for a bad page size, and a code outside its list is not allowed
        assertThrows(OciException.class, () -> Page.of(TAGS, Optional.of("-1"), Optional.empty(), Tag.ORDER));
        assertThrows(OciException.class, () -> Page.of(TAGS, Optional.of("ten"), Optional.empty(), Tag.ORDER));
    }
}
