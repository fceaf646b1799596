package dev.packyard.registry.oci.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of a blob requested with {@code Range: bytes=...} (RFC 9110 section 14.1.2).
 * Multi-range requests are answered with the whole blob, which RFC 9110 allows.
 */
public sealed interface ByteRange {

    /** Serve the whole content with 200. */
    record Whole() implements ByteRange {
    }

    /** Serve {@code first..last} (inclusive) with 206. */
    record Part(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }
    }

    /** Answer 416 with {@code Content-Range: bytes * /size}. */
    record Unsatisfiable() implements ByteRange {
    }

    Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    static ByteRange of(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (m.group(1).isEmpty()) { // suffix: the last N bytes
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable();
                }
                return new Part(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first)) {
                return new Unsatisfiable();
            }
            return new Part(first, last);
        } catch (NumberFormatException e) { // more digits than a long holds
            return new Unsatisfiable();
        }
    }
}
