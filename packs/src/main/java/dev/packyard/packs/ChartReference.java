package dev.packyard.packs;

import java.util.Objects;

/** Upstream coordinates of a chart the pack packages ({@code pack.content.charts[]}), for mirroring and provenance. */
public record ChartReference(String repo, String name, String version) {

    public ChartReference {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
