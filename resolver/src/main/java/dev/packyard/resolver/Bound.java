package dev.packyard.resolver;

import dev.packyard.packs.Dependency;
import dev.packyard.packs.DependencyType;
import dev.packyard.packs.PackVersion;
import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * A dependency with its bounds read: {@code ""} is open, both ends are inclusive, and a bound written with fewer than
 * three parts covers the whole line it names: {@code maxVersion: "1.21"} allows every 1.21 patch, as pack authors
 * mean by it ({@code minVersion: "1.29"} is simply 1.29.0).
 */
record Bound(Dependency dependency, Optional<PackVersion> min, Optional<PackVersion> max, Optional<Semver> below) {

    private static final Pattern PARTIAL = Pattern.compile("[vV]?\\d+(?:\\.\\d+)?");

    /** The bound read from a dependency, or empty when a bound cannot be read at all (the validator refuses those). */
    static Optional<Bound> of(Dependency dependency) {
        Optional<PackVersion> min = Optional.empty();
        Optional<PackVersion> max = Optional.empty();
        Optional<Semver> below = Optional.empty();
        if (!dependency.minVersion().isBlank()) {
            min = PackVersion.parse(dependency.minVersion());
            if (min.isEmpty()) {
                return Optional.empty();
            }
        }
        String maxText = dependency.maxVersion().strip();
        if (!maxText.isBlank()) {
            max = PackVersion.parse(maxText);
            if (max.isEmpty()) {
                return Optional.empty();
            }
            if (PARTIAL.matcher(maxText).matches()) {
                Semver m = max.get().semver();
                // "1.21" -> below 1.22.0-0 (the lowest 1.22 pre-release), so 1.22.0-rc.1 is not let in either.
                Semver next = maxText.contains(".") ? Semver.create(m.getMajor(), m.getMinor() + 1, 0)
                        : Semver.create(m.getMajor() + 1, 0, 0);
                below = Optional.of(next.withPreRelease("0"));
            }
        }
        return Optional.of(new Bound(dependency, min, max, below));
    }

    DependencyType type() {
        return dependency.type();
    }

    String target() {
        return dependency.packName();
    }

    boolean open() {
        return min.isEmpty() && max.isEmpty();
    }

    /** True when the version lies within the bounds. */
    boolean contains(PackVersion version) {
        Semver v = version.semver();
        if (min.isPresent() && v.compareTo(min.get().semver()) < 0) {
            return false;
        }
        if (below.isPresent()) {
            return v.compareTo(below.get()) < 0;
        }
        return max.isEmpty() || v.compareTo(max.get().semver()) <= 0;
    }

    /** True when a pack at {@code version} keeps this constraint (for required/optional/notSupported). */
    boolean allows(PackVersion version) {
        return type() == DependencyType.NOT_SUPPORTED ? !contains(version) : contains(version);
    }

    /** The bounds for messages: {@code >= 1.29}, {@code <= 1.21.49}, {@code >= 1.28.0 and <= 1.30.99}. */
    String range() {
        String low = min.map(m -> ">= " + m.text()).orElse("");
        String high = max.map(m -> "<= " + m.text() + (below.isPresent() ? ".x" : "")).orElse("");
        if (low.isEmpty() && high.isEmpty()) {
            return "(any version)";
        }
        return low.isEmpty() ? high : high.isEmpty() ? low : low + " and " + high;
    }

    /** {@code kubernetes >= 1.29}, or just {@code kubernetes} when the bounds are open. */
    String describeTarget() {
        return open() ? target() : target() + " " + range();
    }
}
