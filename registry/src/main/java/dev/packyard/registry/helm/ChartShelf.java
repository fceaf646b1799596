package dev.packyard.registry.helm;

import dev.packyard.packs.chart.ChartMetadata;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;

import java.time.Instant;
import java.util.List;

/**
 * Charts that live outside the OCI chart repositories but are offered in a Helm repository too: the charts shipped
 * inside packs. Read-only; the registry's Helm repositories merge them in.
 */
public interface ChartShelf {

    /** The charts offered in Helm repository {@code helmRepository}, newest pack first; empty for most names. */
    List<ShelvedChart> charts(String helmRepository);

    /**
     * The charts {@code packRepository} (e.g. {@code spectro-packs/archive/cilium}) ships in {@code helmRepository}:
     * what a change of that one pack may have changed, found without going through every pack.
     */
    default List<ShelvedChart> shippedBy(String helmRepository, String packRepository) {
        return charts(helmRepository).stream().filter(chart -> chart.packRepository().equals(packRepository)).toList();
    }

    /** The Helm repositories this shelf offers charts in (each may be empty of OCI-stored charts). */
    default List<String> repositories() {
        return List.of();
    }

    /** A number that changes whenever {@link #charts} may answer differently, so merged indexes know to rebuild. */
    long version();

    /**
     * One chart package.
     *
     * @param digestHex the package's SHA-256, computed once: indexes are rebuilt far more often than packs change
     * @param pack where it was found, e.g. {@code spectro-packs/archive/cert-manager:1.14.5}
     */
    record ShelvedChart(ChartMetadata metadata, byte[] chart, String digestHex, Instant created, String pack) {

        public static ShelvedChart of(ChartMetadata metadata, byte[] chart, Instant created, String pack) {
            return new ShelvedChart(metadata, chart, Digest.of(DigestAlgorithm.SHA256, chart).hex(), created, pack);
        }

        /** The repository of the pack, without the version: {@code spectro-packs/archive/cert-manager}. */
        public String packRepository() {
            int colon = pack.lastIndexOf(':');
            return colon < 0 ? pack : pack.substring(0, colon);
        }
    }

    ChartShelf EMPTY = new ChartShelf() {
        @Override
        public List<ShelvedChart> charts(String helmRepository) {
            return List.of();
        }

        @Override
        public long version() {
            return 0;
        }
    };
}
