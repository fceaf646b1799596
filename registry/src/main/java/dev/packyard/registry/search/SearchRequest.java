package dev.packyard.registry.search;

import java.util.List;
import java.util.Optional;

/**
 * One search, checked: free text (empty for everything), filters (each list is "any of"; empty means no filter),
 * the page, and the order. Built by {@link SearchApi} from query parameters or a Palette-style body.
 *
 * @param text      the user's query text, empty for all items
 * @param nameMatch Palette's name filter, if any
 * @param byName    the order when there is no text, or when the caller asked for name order: ascending unless
 *                  {@code descending}; relevance first otherwise
 */
record SearchRequest(String text, List<ItemType> types, List<String> layers, List<String> addonTypes,
                     List<String> cloudTypes, List<String> sources, List<String> states, Optional<Boolean> fips,
                     List<String> registries, Optional<NameMatch> nameMatch, int offset, int limit, boolean byName,
                     boolean descending) {

    static final int MAX_TEXT = 1_000;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** Deep pages cost memory per request; nobody pages 10,000 hits deep by hand. */
    static final int MAX_OFFSET = 10_000;

    SearchRequest {
        types = List.copyOf(types);
        layers = List.copyOf(layers);
        addonTypes = List.copyOf(addonTypes);
        cloudTypes = List.copyOf(cloudTypes);
        sources = List.copyOf(sources);
        states = List.copyOf(states);
        registries = List.copyOf(registries);
    }

    /** A name filter as Palette's pack search has it. */
    record NameMatch(Kind kind, String value) {
        enum Kind { EQ, CONTAINS, BEGINS_WITH }
    }
}
