package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.chart.ChartMetadata;
import dev.packyard.registry.helm.ChartListing;
import dev.packyard.registry.helm.HelmFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Search items for Helm charts: one per Helm repository and chart name, from the newest version's Chart.yaml. */
final class ChartItems {

    private final HelmFeature helm;

    ChartItems(HelmFeature helm) {
        this.helm = helm;
    }

    List<String> repositories() throws IOException {
        return helm.helmRepositories();
    }

    /** The item of every chart of {@code helmRepository}, read in one pass (for rebuilds, not for single changes). */
    List<SearchItem> items(String helmRepository) throws IOException {
        return helm.charts(helmRepository).stream().map(ChartItems::item).toList();
    }

    /** Names of the charts of {@code helmRepository} that {@code packRepository} ships now. */
    List<String> namesShippedBy(String helmRepository, String packRepository) {
        return helm.chartNamesShippedBy(helmRepository, packRepository);
    }

    Optional<SearchItem> item(String helmRepository, String chartName) throws IOException {
        return helm.chart(helmRepository, chartName).map(ChartItems::item);
    }

    private static SearchItem item(ChartListing chart) {
        ChartMetadata latest = chart.latest();
        JsonNode fields = latest.fields();
        List<String> details = new ArrayList<>();
        latest.appVersion().ifPresent(details::add);
        latest.authors().ifPresent(details::add);
        latest.home().ifPresent(details::add);
        details.addAll(latest.sources());
        latest.annotations().values().forEach(details::add);
        String displayName = fields.path("annotations").path("artifacthub.io/displayName").asText(chart.name());
        return new SearchItem(ItemType.CHART, SearchItem.chartId(chart.helmRepository(), chart.name()), chart.name(),
                displayName, chart.helmRepository(), latest.description().orElse(null), null, latest.keywords(),
                String.join(" ", details), null, null, null, List.of(), chart.versions(), chart.versions().get(0),
                null, null, null, null, chart.packs(), chart.latestManifest().orElse(null), fingerprint(chart));
    }

    private static String fingerprint(ChartListing chart) {
        return Fingerprints.of(chart.fingerprint());
    }
}
