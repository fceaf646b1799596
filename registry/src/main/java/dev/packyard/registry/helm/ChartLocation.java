package dev.packyard.registry.helm;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;

import java.util.Optional;

/** Where a chart version's bytes come from when it is downloaded. */
sealed interface ChartLocation {

    /** A chart in OCI storage: its manifest under a tag, its chart layer and maybe a provenance layer. */
    record Stored(RepositoryName repository, String tag, Digest manifest, Descriptor chart,
                  Optional<Descriptor> provenance) implements ChartLocation {
    }

    /** A chart shipped inside a pack, held in memory with the pack's other files. */
    record InPack(byte[] chart, String pack) implements ChartLocation {
    }
}
