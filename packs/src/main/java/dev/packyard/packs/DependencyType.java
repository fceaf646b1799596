package dev.packyard.packs;

import java.util.Optional;

/** What a pack's dependency constraint demands of the other pack (Palette "pack constraints"). */
public enum DependencyType {
    /** The other pack must be in the profile, within the version bounds if any. */
    REQUIRED("required"),
    /** The other pack may be absent; when present its version must be within the bounds. */
    OPTIONAL("optional"),
    /** Versions of the other pack within the bounds must not be in the profile. */
    NOT_SUPPORTED("notSupported"),
    /** Undocumented by Palette; used on a pack itself to bound the versions it may be upgraded from or to. */
    UPGRADE("upgrade");

    private final String id;

    DependencyType(String id) {
        this.id = id;
    }

    /** The id written in {@code pack.json}. */
    public String id() {
        return id;
    }

    /** The type for an id as written in {@code pack.json}; exact match, as pack-central's schema demands. */
    public static Optional<DependencyType> byId(String id) {
        for (DependencyType type : values()) {
            if (type.id.equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
