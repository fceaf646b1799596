package dev.packyard.resolver.profile;

import java.util.Optional;

/** What a profile holds, which decides the layer rules the resolver enforces. */
public enum ProfileType {
    /** Infrastructure: exactly one os, k8s, cni and csi layer, in that order (add-ons may follow). */
    INFRA("infra"),
    /** Add-ons only: no os, k8s, cni or csi layer; attached to clusters that already have them. */
    ADD_ON("add-on"),
    /** Infrastructure then add-ons; Palette calls it {@code cluster} in its API and export. */
    FULL("full");

    private final String id;

    ProfileType(String id) {
        this.id = id;
    }

    /** The id written in profiles and locks. */
    public String id() {
        return id;
    }

    /** True for the types whose profiles must carry the os, k8s, cni and csi layers. */
    public boolean hasInfrastructure() {
        return this != ADD_ON;
    }

    /**
     * The type for an id as written; case-insensitive, {@code cluster} (Palette's name) meaning {@link #FULL} and
     * {@code addon} meaning {@link #ADD_ON}.
     */
    public static Optional<ProfileType> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return switch (id.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "infra" -> Optional.of(INFRA);
            case "add-on", "addon" -> Optional.of(ADD_ON);
            case "full", "cluster" -> Optional.of(FULL);
            default -> Optional.empty();
        };
    }
}
