package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One page of a sorted listing, per the spec's {@code n} / {@code last} rules: entries after {@code last}
 * (exclusive), at most {@code n} of them, and whether more follow (so a {@code Link} header is due).
 */
public record Page(List<String> items, boolean more) {

    /** The most entries one response carries; larger {@code n} is served in pages linked with {@code Link}. */
    public static final int MAX_ENTRIES = 10_000;

    public static Page of(List<String> sorted, Optional<String> n, Optional<String> last, Comparator<String> order) {
        int limit = limit(n);
        int start = 0;
        if (last.isPresent()) {
            while (start < sorted.size() && order.compare(sorted.get(start), last.get()) <= 0) {
                start++;
            }
        }
        int end = (int) Math.min((long) start + limit, sorted.size());
        return new Page(List.copyOf(sorted.subList(start, end)), end < sorted.size() && limit > 0);
    }

    private static int limit(Optional<String> n) {
        if (n.isEmpty()) {
            return MAX_ENTRIES;
        }
        try {
            int value = Integer.parseInt(n.get());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Math.min(value, MAX_ENTRIES);
        } catch (NumberFormatException e) {
            throw new OciException(ErrorCode.UNSUPPORTED, 400,
                    "n=" + n.get() + " is not a valid page size; give a whole number from 0 to " + MAX_ENTRIES);
        }
    }
}
