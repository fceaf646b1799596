package dev.packyard.registry.profiles;

import dev.packyard.packs.Layer;
import dev.packyard.resolver.PackCandidate;
import dev.packyard.resolver.PackSource;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much of a resolved profile is meant for FIPS-mode clusters: {@code full} when every pack carries the
 * {@code fips: "true"} annotation, {@code none} when none does, {@code partial} otherwise. Manifest layers (plain
 * Kubernetes manifests, no pack) carry no such claim and count as not FIPS.
 *
 * @param notFips the layers that are not, as {@code "name version (layer)"}
 */
record FipsCompliance(Status status, List<String> notFips, List<String> notFipsInfrastructure) {

    enum Status {
        FULL, PARTIAL, NONE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    FipsCompliance {
        notFips = List.copyOf(notFips);
        notFipsInfrastructure = List.copyOf(notFipsInfrastructure);
    }

    static FipsCompliance of(Lock lock, PackSource packs) {
        List<String> notFips = new ArrayList<>();
        List<String> infrastructure = new ArrayList<>();
        for (LockedLayer layer : lock.layers()) {
            boolean fips = packs.candidates(layer.name()).stream()
                    .filter(candidate -> candidate.digest().equals(layer.digest()))
                    .map(PackCandidate::pack).anyMatch(pack -> pack.metadata().fips());
            if (!fips) {
                String named = layer.name() + " " + layer.version() + " (" + layer.layer().id() + ")";
                notFips.add(named);
                if (layer.layer() != Layer.ADDON) {
                    infrastructure.add(named);
                }
            }
        }
        Status status = notFips.isEmpty() ? Status.FULL
                : notFips.size() == lock.layers().size() ? Status.NONE : Status.PARTIAL;
        return new FipsCompliance(status, notFips, infrastructure);
    }
}
