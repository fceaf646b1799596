package dev.packyard.registry.oci.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The newer conformance suite's range table on a 2048-byte blob, plus edge cases. */
class ByteRangeTest {

    private static ByteRange range(String header) {
        return ByteRange.of(Optional.of(header), 2048);
    }

    @Test
    void answersTheConformanceTable() {
        assertEquals(new ByteRange.Part(500, 1499), range("bytes=500-1499"));
        assertEquals(new ByteRange.Part(500, 2047), range("bytes=500-"));
        assertEquals(new ByteRange.Part(1548, 2047), range("bytes=-500"));
        assertEquals(new ByteRange.Part(2000, 2047), range("bytes=2000-5000"));
        assertEquals(new ByteRange.Unsatisfiable(), range("bytes=500-0"));
        assertEquals(new ByteRange.Unsatisfiable(), range("bytes=5000-10000"));
    }

    @Test
    void servesTheWholeBlobForAbsentOrUnusableHeaders() {
        assertEquals(new ByteRange.Whole(), ByteRange.of(Optional.empty(), 10));
        assertEquals(new ByteRange.Whole(), range("bytes=0-1,5-6"));
        assertEquals(new ByteRange.Whole(), range("items=0-1"));
        assertEquals(new ByteRange.Part(0, 2047), range("bytes=-99999"));
        assertEquals(new ByteRange.Unsatisfiable(), range("bytes=99999999999999999999-"));
        assertEquals(new ByteRange.Unsatisfiable(), ByteRange.of(Optional.of("bytes=0-"), 0));
    }
}
