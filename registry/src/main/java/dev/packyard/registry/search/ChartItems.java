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

    /** Every chart of every Helm repository: its id and the fingerprint its item would have. */
    Map<String, String> fingerprints() throws IOException {
        Map<String, String> fingerprints = new TreeMap<>();
        for (String repository : helm.helmRepositories()) {
            for (ChartListing chart : helm.charts(repository)) {
                fingerprints.put(SearchItem.chartId(repository, chart.name()), fingerprint(chart));
            }
        }
        return fingerprints;
    }

    List<String> repositories() throws IOException {
        return helm.helmRepositories();
    }

    List<String> names(String helmRepository) throws IOException {
        return helm.charts(helmRepository).stream().map(ChartListing::name).toList();
    }

    /** Names of the charts of {@code helmRepository} that {@code packRepository} ships now. */
    List<String> namesShippedBy(String helmRepository, String packRepository) throws IOException {
        return helm.charts(helmRepository).stream().filter(c -> c.packs().contains(packRepository))
                .map(ChartListing::name).toList();
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
                null, null, null, null, chart.packs(), fingerprint(chart));
    }

    private static String fingerprint(ChartListing chart) {
        return Fingerprints.of(chart.fingerprint());
    }
}
