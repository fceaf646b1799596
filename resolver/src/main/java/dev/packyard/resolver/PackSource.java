package dev.packyard.resolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the resolver finds packs: the registry's catalog, a folder of packs, a test's list. The resolver asks once per
 * pack name and resolution, so an implementation may read its storage on each call.
 */
@FunctionalInterface
public interface PackSource {

    /**
     * Every version the source holds of the pack with that {@code name} (pack.json's name, not a folder name), in any
     * order; empty when it has none. Deleted and disabled versions may be included: the resolver applies the
     * lifecycle rules and explains what it skipped.
     */
    List<PackCandidate> candidates(String packName);

    /** A source over a fixed collection of candidates. */
    static PackSource of(Collection<PackCandidate> candidates) {
        Map<String, List<PackCandidate>> byName = new LinkedHashMap<>();
        for (PackCandidate candidate : candidates) {
            byName.computeIfAbsent(candidate.name(), n -> new ArrayList<>()).add(candidate);
        }
        Map<String, List<PackCandidate>> frozen = new LinkedHashMap<>();
        byName.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        return name -> frozen.getOrDefault(name, List.of());
    }
}
