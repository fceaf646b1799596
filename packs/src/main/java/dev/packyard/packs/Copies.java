package dev.packyard.packs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies that keep the order of the file they came from (Map.copyOf would scramble it on every run). */
final class Copies {

    private Copies() {
    }

    static Map<String, String> map(Map<String, String> map) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
        return Collections.unmodifiableMap(copy);
    }
}
