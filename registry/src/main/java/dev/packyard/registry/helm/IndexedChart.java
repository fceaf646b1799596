package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.chart.ChartMetadata;

import java.time.Instant;

/**
 * One chart version as a Helm repository lists it: the entry of {@code index.yaml} (also the ChartMuseum API's chart
 * object) and where its bytes are. Immutable; its YAML is rendered once, so an index is only ever re-joined, never
 * re-serialized entry by entry.
 */
final class IndexedChart {

    private final ChartMetadata metadata;
    private final Instant created;
    private final String digestHex;
    private final ChartLocation location;
    private final ObjectNode entry;
    private final String yaml;

    IndexedChart(ChartMetadata metadata, Instant created, String digestHex, ChartLocation location) {
        this.metadata = metadata;
        this.created = created;
        this.digestHex = digestHex;
        this.location = location;
        this.entry = IndexYaml.entry(metadata, created, digestHex, fileName());
        this.yaml = IndexYaml.entryYaml(entry);
    }

    ChartMetadata metadata() {
        return metadata;
    }

    String name() {
        return metadata.name();
    }

    String version() {
        return metadata.version();
    }

    Instant created() {
        return created;
    }

    ChartLocation location() {
        return location;
    }

    /** The file Helm downloads, {@code NAME-VERSION.tgz}, as ChartMuseum names it. */
    String fileName() {
        return metadata.name() + "-" + metadata.version() + ".tgz";
    }

    boolean hasProvenance() {
        return location instanceof ChartLocation.Stored stored && stored.provenance().isPresent();
    }

    /** The index entry as JSON (a copy), for the ChartMuseum API. */
    ObjectNode entry() {
        return entry.deepCopy();
    }

    /** The index entry as YAML list item lines, indented to sit under its chart name in {@code entries}. */
    String yaml() {
        return yaml;
    }

    String digestHex() {
        return digestHex;
    }
}
