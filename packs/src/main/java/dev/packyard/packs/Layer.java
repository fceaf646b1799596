package dev.packyard.packs;

import java.util.Locale;
import java.util.Optional;

/**
 * The profile layer a pack belongs to, in the order Palette applies infrastructure layers (kernel, OS, Kubernetes,
 * network, storage) followed by add-ons; the ordinal is that order.
 */
public enum Layer {
    KERNEL,
    OS,
    K8S,
    CNI,
    CSI,
    ADDON;

    /** The id written in {@code pack.json} ({@code "k8s"}, {@code "addon"}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layer for an id as written in {@code pack.json}; exact match, because pack-central's schema is case-sensitive. */
    public static Optional<Layer> byId(String id) {
        for (Layer layer : values()) {
            if (layer.id().equals(id)) {
                return Optional.of(layer);
            }
        }
        return Optional.empty();
    }
}
