package dev.packyard.registry.helm;

import dev.packyard.packs.chart.ChartMetadata;

import java.time.Instant;
import java.util.List;

/**
 * Charts that live outside the OCI chart repositories but are offered in a Helm repository too: the charts shipped
 * inside packs. Read-only; the registry's Helm repositories merge them in.
 */
public interface ChartShelf {

    /** The charts offered in Helm repository {@code helmRepository}, newest pack first; empty for most names. */
    List<ShelvedChart> charts(String helmRepository);

    /** The Helm repositories this shelf offers charts in (each may be empty of OCI-stored charts). */
    default List<String> repositories() {
        return List.of();
    }

    /** A number that changes whenever {@link #charts} may answer differently, so merged indexes know to rebuild. */
    long version();

    /**
     * One chart package.
     *
     * @param pack where it was found, e.g. {@code spectro-packs/archive/cert-manager:1.14.5}
     */
    record ShelvedChart(ChartMetadata metadata, byte[] chart, Instant created, String pack) {
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
