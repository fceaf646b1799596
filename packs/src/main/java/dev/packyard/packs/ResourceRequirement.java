package dev.packyard.packs;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A machine-resource constraint. Units per Palette: CPU in millicores, memory in MiB, disk in GB. When components are
 * given, Palette computes the need from the values they point at and ignores {@code minLimit}.
 *
 * @param type       {@code cpu}, {@code memory} or {@code diskSize}
 * @param minLimit   the least the machine pool must offer
 * @param components per-component requests read from the pack's values
 */
public record ResourceRequirement(String type, OptionalDouble minLimit, List<ResourceComponent> components) {

    public ResourceRequirement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(minLimit, "minLimit");
        components = List.copyOf(components);
    }
}
