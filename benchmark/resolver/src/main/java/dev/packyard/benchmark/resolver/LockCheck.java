package dev.packyard.benchmark.resolver;

import dev.packyard.benchmark.resolver.Catalog.Dep;
import dev.packyard.benchmark.resolver.Catalog.Family;
import dev.packyard.benchmark.resolver.Catalog.Release;
import dev.packyard.benchmark.resolver.Scenario.Layer;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a lock against the generated model, with code written apart from the resolver (its own version parsing and
 * bounds): one layer per profile layer, each a version of the catalog with its digest, admitted by the layer's
 * reference, lifecycle and cloud type; and every {@code required}, {@code optional} and {@code notSupported}
 * dependency of every chosen version holds against the other chosen versions.
 */
final class LockCheck {

    /** What the check found: the violations (none for a valid lock) and how far below its newest each layer is. */
    record Result(List<String> violations, Map<String, Release> chosen, Map<String, Integer> newerSkipped) {

        int layersBelowNewest() {
            return (int) newerSkipped.values().stream().filter(n -> n > 0).count();
        }

        int versionsSkipped() {
            return newerSkipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private LockCheck() {
    }

    static Result check(Catalog catalog, Scenario scenario, Lock lock) {
        List<String> violations = new ArrayList<>();
        Map<String, Release> chosen = new HashMap<>();
        Set<String> profileNames = new HashSet<>();
        scenario.layers().forEach(l -> profileNames.add(l.name()));
        if (lock.layers().size() != scenario.layers().size()) {
            violations.add("the lock has " + lock.layers().size() + " layers, the profile " + scenario.layers().size());
        }
        for (LockedLayer locked : lock.layers()) {
            if (!profileNames.contains(locked.name())) {
                violations.add("the lock holds " + locked.name() + ", which the profile does not");
                continue;
            }
            Optional<Release> release = catalog.family(locked.name()).find(Version.parse(locked.version()));
            if (release.isEmpty()) {
                violations.add(locked.name() + " " + locked.version() + " is not in the catalog");
                continue;
            }
            if (!release.get().digest.equals(locked.digest())) {
                violations.add(locked.name() + " " + locked.version() + " has digest " + locked.digest()
                        + ", the catalog " + release.get().digest);
            }
            if (chosen.put(locked.name(), release.get()) != null) {
                violations.add(locked.name() + " is locked twice");
            }
        }
        Map<String, Integer> skipped = new HashMap<>();
        for (Layer layer : scenario.layers()) {
            Release r = chosen.get(layer.name());
            if (r == null) {
                violations.add(layer.name() + " is missing from the lock");
                continue;
            }
            if (!admissible(r, layer, profileNames)) {
                violations.add(r + " is not admitted by " + layer.name() + " " + layer.ref().text()
                        + " (reference, state, cloud type or a required pack missing)");
            }
            Family family = catalog.family(layer.name());
            skipped.put(layer.name(), (int) family.releases.stream()
                    .filter(o -> o.version.compareTo(r.version) > 0 && admissible(o, layer, profileNames)).count());
        }
        for (Release r : chosen.values()) {
            for (Dep d : r.deps) {
                Release other = chosen.get(d.pack());
                boolean inside = other != null && Version.within(other.version, d.min(), d.max());
                String bounds = "[" + d.min() + ", " + d.max() + "]";
                switch (d.type()) {
                    case "required" -> {
                        if (other == null) {
                            violations.add(r + " requires " + d.pack() + ", which the lock lacks");
                        } else if (!inside) {
                            violations.add(r + " requires " + d.pack() + " " + bounds + ", the lock has " + other.text);
                        }
                    }
                    case "optional" -> {
                        if (other != null && !inside) {
                            violations.add(r + " takes " + d.pack() + " " + bounds + ", the lock has " + other.text);
                        }
                    }
                    case "notSupported" -> {
                        if (inside) {
                            violations.add(r + " does not support " + d.pack() + " " + bounds + ", the lock has "
                                    + other.text);
                        }
                    }
                    default -> violations.add(r + " has a dependency of unknown type " + d.type());
                }
            }
        }
        return new Result(violations, chosen, skipped);
    }

    /** The unary rules: reference, lifecycle, cloud type, and every required pack in the profile. */
    private static boolean admissible(Release r, Layer layer, Set<String> profileNames) {
        return layer.ref().accepts().test(r)
                && !r.state.equals("deleted")
                && (!r.state.equals("disabled") || layer.ref().exact())
                && (r.clouds.contains("all") || r.clouds.contains(Scenario.CLOUD_TYPE))
                && r.deps.stream().filter(d -> d.type().equals("required")).allMatch(d -> profileNames.contains(d.pack()));
    }
}
