package dev.packyard.packs.chart;

/**
 * A chart package read from its {@code .tgz}: the metadata of its {@code Chart.yaml} and the folder the archive keeps
 * the chart in.
 *
 * @param metadata the checked Chart.yaml
 * @param folder   the archive's single top-level folder, which Helm names after the chart
 */
public record Chart(ChartMetadata metadata, String folder) {
}
