package dev.packyard.packs;

import java.util.Objects;

/**
 * One dependency constraint on another pack (or, for {@link DependencyType#UPGRADE}, on the pack itself).
 *
 * @param packName   the other pack's name
 * @param layer      the profile layer that holds the other pack
 * @param minVersion lowest allowed version as written, read leniently with {@link PackVersion#parse}; {@code ""} when
 *                   open (Palette skips the check when both bounds are open)
 * @param maxVersion highest allowed version as written; {@code ""} when open
 * @param type       what the constraint demands
 */
public record Dependency(String packName, Layer layer, String minVersion, String maxVersion, DependencyType type) {

    public Dependency {
        Objects.requireNonNull(packName, "packName");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(minVersion, "minVersion");
        Objects.requireNonNull(maxVersion, "maxVersion");
        Objects.requireNonNull(type, "type");
    }
}
