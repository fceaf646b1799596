package dev.packyard.registry.helm;

import dev.packyard.packs.chart.ChartMetadata;

import java.util.List;
import java.util.Optional;

/**
 * One chart of one Helm repository as views outside the Helm feature (search) see it: every version, newest first,
 * the metadata of the newest, and the packs that ship it (empty for charts pushed as charts).
 *
 * @param latestManifest the newest version's OCI manifest as {@code <repository>@<digest>}; empty when that version
 *                       is only shipped inside a pack
 * @param fingerprint changes whenever a version, its bytes or its manifest change, so a view can tell whether it is
 *                    stale
 */
public record ChartListing(String helmRepository, String name, List<String> versions, ChartMetadata latest,
                           List<String> packs, Optional<String> latestManifest, String fingerprint) {

    public ChartListing {
        versions = List.copyOf(versions);
        packs = List.copyOf(packs);
    }

    static ChartListing of(HelmRepositoryName repository, List<IndexedChart> newestFirst) {
        StringBuilder fingerprint = new StringBuilder();
        List<String> packs = new java.util.ArrayList<>();
        for (IndexedChart chart : newestFirst) {
            fingerprint.append(chart.version()).append('=').append(chart.digestHex());
            if (chart.location() instanceof ChartLocation.Stored stored) {
                fingerprint.append('/').append(stored.manifest());
            }
            fingerprint.append(';');
            if (chart.location() instanceof ChartLocation.InPack inPack) {
                String pack = inPack.pack();
                int colon = pack.lastIndexOf(':');
                String packRepository = colon < 0 ? pack : pack.substring(0, colon);
                if (!packs.contains(packRepository)) {
                    packs.add(packRepository);
                }
            }
        }
        return new ChartListing(repository.value(), newestFirst.get(0).name(),
                newestFirst.stream().map(IndexedChart::version).toList(), newestFirst.get(0).metadata(), packs,
                newestFirst.get(0).location() instanceof ChartLocation.Stored stored
                        ? Optional.of(stored.repository() + "@" + stored.manifest()) : Optional.empty(),
                dev.packyard.registry.oci.Digest.of(dev.packyard.registry.oci.DigestAlgorithm.SHA256,
                        fingerprint.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex());
    }
}
