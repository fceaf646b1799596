package dev.packyard.resolver;

import java.util.Objects;
import java.util.Optional;

/**
 * How one layer differs from the previous lock.
 *
 * @param layer the layer's name, with its display name in parentheses when it has one
 * @param kind  what happened
 * @param from  the previous version; empty for an added layer
 * @param to    the new version; empty for a removed layer
 * @param why   the reason, in words: the reference that allowed the move, the constraint that forced it
 */
public record Change(String layer, Kind kind, Optional<String> from, Optional<String> to, String why) {

    /** What happened to a layer. */
    public enum Kind {
        ADDED,
        REMOVED,
        UPGRADED,
        DOWNGRADED,
        /** Same version, but other pack content (digest) or other merged values. */
        CHANGED
    }

    public Change {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(why, "why");
    }

    /** One line for people: {@code crossplane: 1.16.0 -> 1.19.1 (newest version 1.x allows)}. */
    public String format() {
        return layer + ": " + from.orElse("(none)") + " -> " + to.orElse("(removed)") + " (" + why + ")";
    }
}
