package dev.packyard.resolver;

import dev.packyard.packs.Problem;
import dev.packyard.resolver.Compatibility.Conflict;
import dev.packyard.resolver.reference.VersionReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a failed resolution into one problem a user can act on: the conflict involving the newest candidates, said in
 * pack terms ({@code crossplane 2.3.0 needs kubernetes >= 1.29; the profile pins kubernetes 1.28.x}), and the
 * versions tried per layer.
 */
final class Explanations {

    private static final int SHOWN = 5;

    private Explanations() {
    }

    /** Arc consistency left a layer with no candidate. */
    static Problem fromConsistency(Consistency consistency) {
        int x = consistency.wiped;
        Slot wiped = consistency.slots.get(x);
        Set<Slot> involved = new LinkedHashSet<>();
        involved.add(wiped);
        List<String> reasons = new ArrayList<>();
        for (int a = 0; a < wiped.domain.size() && reasons.size() < SHOWN; a++) {
            Consistency.Removal removal = consistency.removals[x][a];
            Slot other = consistency.slots.get(removal.by());
            involved.add(other);
            reasons.add(conflicts(wiped.domain.get(a), removal.others()) + "; " + context(other, removal));
        }
        String message = reasons.get(0);
        if (reasons.size() > 1) {
            message += ". Older " + wiped.name() + " versions fail too: " + String.join("; ", reasons.subList(1, reasons.size()));
        }
        if (wiped.domain.size() > SHOWN) {
            message += "; and " + (wiped.domain.size() - SHOWN) + " older";
        }
        message += ". Versions tried: " + tried(involved);
        List<String> asked = involved.stream().map(Slot::asked).toList();
        return Errors.at(wiped.field(), "constraint.conflict", message,
                "change the references (" + String.join(", ", asked) + ") so that their versions agree, "
                        + "or drop one of the layers");
    }

    /** Arc consistency held, but the search found no combination: show the first dead end, met with the newest picks. */
    static Problem fromSearch(Search.Wipe wipe, List<Slot> slots) {
        if (wipe == null) { // not reachable: a search fails only through a layer running out of candidates
            return Errors.at("layers", "constraint.conflict", "no combination of versions satisfies every "
                    + "constraint of " + String.join(", ", slots.stream().map(Slot::asked).toList()),
                    "change one of the references so that the constraints can all hold");
        }
        Slot stuck = slots.get(wipe.position());
        Set<Slot> involved = new LinkedHashSet<>();
        involved.add(stuck);
        Set<Option> culprits = new LinkedHashSet<>(wipe.pruners());
        culprits.forEach(o -> involved.add(o.slot));
        List<String> reasons = new ArrayList<>();
        for (int b = 0; b < wipe.candidates().size() && reasons.size() < SHOWN; b++) {
            Conflict conflict = Compatibility.conflict(wipe.candidates().get(b), wipe.pruners().get(b));
            reasons.add(conflict == null ? wipe.candidates().get(b).label() + " conflicts with "
                    + wipe.pruners().get(b).label() : conflict.describe());
        }
        String with = String.join(", ", culprits.stream().map(Option::label).toList());
        String message = "no combination of versions satisfies every constraint: with " + with + ", no version of "
                + stuck.name() + " is left (" + String.join("; ", reasons) + "), and every other choice for those "
                + "layers fails too. Versions tried: " + tried(involved);
        List<String> asked = involved.stream().map(Slot::asked).toList();
        return Errors.at(stuck.field(), "constraint.conflict", message,
                "change one of the references (" + String.join(", ", asked) + ") so that the constraints can all hold");
    }

    /** The search reached its bound. */
    static Problem gaveUp(long steps, List<Slot> slots) {
        return Errors.at("layers", "resolution.gave-up", "gave up after " + String.format("%,d", steps)
                        + " combinations without finding versions that satisfy every constraint of "
                        + String.join(", ", slots.stream().map(Slot::asked).toList()),
                "pin some layers to exact versions or narrower trains so that fewer combinations remain");
    }

    /**
     * How {@code option} conflicts with each of {@code others}, grouped by constraint:
     * {@code crossplane 2.3.0 needs kubernetes >= 1.29} or {@code kubernetes 1.28.15, 1.28.13 do not support ubuntu >= 24.04.0}.
     */
    static String conflicts(Option option, List<Option> others) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        Map<String, Conflict> sample = new LinkedHashMap<>();
        for (Option other : others) {
            Conflict conflict = Compatibility.conflict(option, other);
            if (conflict == null) {
                continue;
            }
            String key = conflict.owner().name() + "\u0000" + conflict.bound().type() + "\u0000"
                    + conflict.bound().describeTarget();
            owners.computeIfAbsent(key, k -> new ArrayList<>());
            if (!owners.get(key).contains(conflict.owner().version.text())) {
                owners.get(key).add(conflict.owner().version.text());
            }
            sample.putIfAbsent(key, conflict);
        }
        if (owners.isEmpty()) {
            return option.label() + " conflicts with the other layers";
        }
        List<String> parts = new ArrayList<>();
        owners.forEach((key, versions) -> {
            Conflict c = sample.get(key);
            parts.add(c.owner().name() + " " + String.join(", ", versions) + " "
                    + Compatibility.verb(c.bound(), versions.size() > 1) + " " + c.bound().describeTarget());
        });
        return String.join("; ", parts);
    }

    /** What the profile lets the other layer be: {@code the profile pins kubernetes 1.28.x}. */
    private static String context(Slot other, Consistency.Removal removal) {
        boolean all = removal.othersLeft() == other.domain.size();
        if (all && !(other.pack().reference() instanceof VersionReference.Latest)) {
            return "the profile pins " + other.name() + " " + other.pack().reference().describe();
        }
        String versions = summary(removal.others(), removal.othersLeft());
        return all ? "the catalog has " + other.name() + " " + versions
                : "the other layers leave " + other.name() + " only " + versions;
    }

    private static String summary(List<Option> options, int total) {
        List<String> versions = options.stream().map(o -> o.version.text()).distinct().limit(4).toList();
        String text = String.join(", ", versions);
        return total > versions.size() ? text + " and " + (total - versions.size()) + " more" : text;
    }

    /** {@code crossplane 2.3.0, 2.1.3; kubernetes 1.28.15, 1.28.13}. */
    private static String tried(Set<Slot> slots) {
        List<String> parts = new ArrayList<>();
        for (Slot slot : slots) {
            parts.add(slot.name() + " " + summary(slot.domain, slot.domain.size()));
        }
        return String.join("; ", parts);
    }
}
