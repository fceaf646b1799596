package dev.packyard.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.Layer;
import dev.packyard.resolver.profile.PackLayer;
import dev.packyard.resolver.profile.ProfileLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One profile layer while it is being resolved. */
final class Slot {

    final int index;
    final ProfileLayer layer;
    /** The kind: declared, else the pack's own; empty for an unknown pack with no declared kind. */
    Optional<Layer> kind = Optional.empty();
    /** The profile's value overrides, parsed (an empty mapping when none or unreadable). */
    JsonNode overrides;
    Optional<String> displayName = Optional.empty();
    /** Every candidate the source offered. */
    List<PackCandidate> offered = List.of();
    /** Candidates that may fill the layer, newest first. */
    List<Option> domain = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    /** The search's pick. */
    Option chosen;

    Slot(int index, ProfileLayer layer) {
        this.index = index;
        this.layer = layer;
    }

    boolean isPack() {
        return layer instanceof PackLayer;
    }

    PackLayer pack() {
        return (PackLayer) layer;
    }

    String name() {
        return layer.name();
    }

    /** {@code layers[3]}: where the layer is in the profile. */
    String field() {
        return "layers[" + index + "]";
    }

    /** The layer as users know it: its name, plus its display name when set. */
    String key() {
        return displayName.map(d -> name() + " (" + d + ")").orElse(name());
    }

    /** {@code crossplane 2.x}: the layer and what it asks for. */
    String asked() {
        return isPack() ? name() + " " + pack().reference().describe() : name();
    }
}
