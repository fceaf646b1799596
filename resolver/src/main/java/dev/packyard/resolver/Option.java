package dev.packyard.resolver;

import dev.packyard.packs.Dependency;
import dev.packyard.packs.DependencyType;
import dev.packyard.packs.PackVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A candidate with what the search needs read once: its version, and its dependencies grouped by the pack they name. */
final class Option {

    final Slot slot;
    final PackCandidate candidate;
    final PackVersion version;
    final Optional<String> group;
    /** required/optional/notSupported dependencies by pack name. */
    final Map<String, List<Bound>> dependencies;
    /** upgrade constraints on the pack itself. */
    final List<Bound> upgrades;
    /** Dependencies whose bounds cannot be read; such a candidate is skipped. */
    final List<Dependency> unreadable;

    Option(Slot slot, PackCandidate candidate, PackVersion version, ParseCache cache) {
        this.slot = slot;
        this.candidate = candidate;
        this.version = version;
        this.group = candidate.pack().metadata().group().filter(g -> !g.isBlank());
        Map<String, List<Bound>> byTarget = new HashMap<>();
        List<Bound> upgrade = new ArrayList<>();
        List<Dependency> bad = new ArrayList<>();
        for (Dependency dependency : candidate.pack().metadata().constraints().dependencies()) {
            Optional<Bound> bound = cache.bound(dependency);
            if (bound.isEmpty()) {
                bad.add(dependency);
            } else if (dependency.type() == DependencyType.UPGRADE) {
                if (dependency.packName().equals(candidate.name())) {
                    upgrade.add(bound.get());
                } // an upgrade constraint on another pack has no documented meaning; it is ignored
            } else {
                byTarget.computeIfAbsent(dependency.packName(), n -> new ArrayList<>()).add(bound.get());
            }
        }
        byTarget.replaceAll((k, v) -> List.copyOf(v));
        this.dependencies = Map.copyOf(byTarget);
        this.upgrades = List.copyOf(upgrade);
        this.unreadable = List.copyOf(bad);
    }

    String name() {
        return candidate.name();
    }

    /** {@code crossplane 2.3.0}. */
    String label() {
        return name() + " " + version.text();
    }

    @Override
    public String toString() {
        return label();
    }
}
