package dev.packyard.resolver.profile;

import dev.packyard.packs.Layer;
import dev.packyard.resolver.reference.VersionReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer resolved from a pack registry.
 *
 * @param name        the pack's name ({@code name} in pack.json)
 * @param reference   which versions the layer accepts
 * @param registry    when present, only packs from this registry are considered (compared case-insensitively)
 * @param type        Palette's pack type: {@code spectro} (the default), {@code helm} or {@code oci}
 * @param layer       the declared layer kind, checked against the pack's
 * @param values      YAML deep-merged over the pack's values and selected presets; {@code ""} for none
 * @param presets     selected presets, {@code Group:name} or just the name; one per group
 * @param displayName distinguishes two layers of the same pack
 */
public record PackLayer(String name, VersionReference reference, Optional<String> registry, String type,
        Optional<Layer> layer, String values, List<String> presets, Optional<String> displayName)
        implements ProfileLayer {

    public PackLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(values, "values");
        presets = List.copyOf(presets);
        Objects.requireNonNull(displayName, "displayName");
    }

    /** A layer with only a name and a reference: the pack's defaults, any registry. */
    public static PackLayer of(String name, VersionReference reference) {
        return new PackLayer(name, reference, Optional.empty(), "spectro", Optional.empty(), "", List.of(),
                Optional.empty());
    }
}
