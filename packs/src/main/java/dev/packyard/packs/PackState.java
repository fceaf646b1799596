package dev.packyard.packs;

import java.util.Locale;

/**
 * Where a pack is in Palette's deprecation lifecycle. Constants are ordered from least to most severe, so the more
 * severe of two signals is the larger one.
 */
public enum PackState {
    /** Selectable. */
    ACTIVE,
    /** Still selectable, but going away. */
    DEPRECATED,
    /** No longer selectable for new profiles; existing profiles keep working. */
    DISABLED,
    /** Gone: profiles holding it can no longer be deployed anew. */
    DELETED;

    /** Lower-case id, as written in the {@code system_state} annotation. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
