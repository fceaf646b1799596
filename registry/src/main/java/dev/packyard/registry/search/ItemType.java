package dev.packyard.registry.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a search hit is: a pack (one per pack repository) or a Helm chart (one per Helm repository and chart name). */
enum ItemType {
    PACK,
    CHART;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ItemType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }

    static String ids() {
        return Arrays.stream(values()).map(ItemType::id).collect(Collectors.joining(", "));
    }
}
