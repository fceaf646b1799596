package dev.packyard.resolver.profile;

import dev.packyard.packs.Layer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer whose manifests are written in the profile itself (Palette's {@code type: manifest} layers). It is taken as
 * written: nothing is looked up, and pack dependencies never name it.
 *
 * @param layer   the declared layer kind; an add-on when absent
 * @param version the version the profile gives it, if any (Palette exports {@code 1.0.0})
 */
public record ManifestLayer(String name, Optional<Layer> layer, Optional<String> version, String values,
        List<Manifest> manifests, Optional<String> displayName) implements ProfileLayer {

    public ManifestLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(values, "values");
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(displayName, "displayName");
    }
}
