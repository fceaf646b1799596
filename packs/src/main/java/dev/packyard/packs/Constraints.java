package dev.packyard.packs;

import java.util.List;

/** A pack's {@code constraints}: what other packs it needs or refuses, and what machines it needs. */
public record Constraints(List<Dependency> dependencies, List<ResourceRequirement> resources) {

    public static final Constraints NONE = new Constraints(List.of(), List.of());

    public Constraints {
        dependencies = List.copyOf(dependencies);
        resources = List.copyOf(resources);
    }
}
