package dev.packyard.resolver;

import dev.packyard.packs.DependencyType;
import java.util.List;

/** The binary constraints: whether two candidates of two layers may stand in one profile, and why not. */
final class Compatibility {

    private Compatibility() {
    }

    /**
     * A constraint one option breaks with another.
     *
     * @param owner the option whose pack.json states the constraint
     * @param bound the constraint
     * @param other the option that falls on the wrong side of it
     */
    record Conflict(Option owner, Bound bound, Option other) {

        /** {@code crossplane 2.3.0 needs kubernetes >= 1.29}. */
        String describe() {
            return owner.label() + " " + verb(bound, false) + " " + bound.describeTarget();
        }
    }

    /** "needs" / "does not support", or their plurals. */
    static String verb(Bound bound, boolean plural) {
        if (bound.type() == DependencyType.NOT_SUPPORTED) {
            return plural ? "do not support" : "does not support";
        }
        return plural ? "need" : "needs";
    }

    /** True when both options may stand together: each one's constraints on the other's pack hold. */
    static boolean compatible(Option a, Option b) {
        return check(a, b) == null && check(b, a) == null;
    }

    /** The first constraint broken between the two, owner's side first; null when they are compatible. */
    static Conflict conflict(Option a, Option b) {
        Conflict c = check(a, b);
        return c != null ? c : check(b, a);
    }

    private static Conflict check(Option owner, Option other) {
        List<Bound> bounds = owner.dependencies.get(other.name());
        if (bounds == null) {
            return null;
        }
        for (Bound bound : bounds) {
            if (!bound.allows(other.version)) {
                return new Conflict(owner, bound, other);
            }
        }
        return null;
    }

    /** True when options of these two layers can constrain each other at all. */
    static boolean related(Slot a, Slot b) {
        return names(a, b) || names(b, a);
    }

    private static boolean names(Slot from, Slot to) {
        for (Option option : from.domain) {
            if (option.dependencies.containsKey(to.name())) {
                return true;
            }
        }
        return false;
    }
}
