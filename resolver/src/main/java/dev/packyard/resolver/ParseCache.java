package dev.packyard.resolver;

import dev.packyard.packs.Dependency;
import dev.packyard.packs.PackVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Versions and dependency bounds read once per resolution: a catalog repeats the same bounds ({@code 1.28.0},
 * {@code kubernetes >= 1.29}) across thousands of pack versions, and reading a version is most of the cost of
 * preparing the search. Per resolution, so nothing grows across requests.
 */
final class ParseCache {

    private final Map<String, Optional<PackVersion>> versions = new HashMap<>();
    private final Map<Dependency, Optional<Bound>> bounds = new HashMap<>();

    Optional<PackVersion> version(String text) {
        return versions.computeIfAbsent(text, PackVersion::parse);
    }

    Optional<Bound> bound(Dependency dependency) {
        return bounds.computeIfAbsent(dependency, Bound::of);
    }
}
