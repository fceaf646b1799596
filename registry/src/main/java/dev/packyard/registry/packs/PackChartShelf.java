package dev.packyard.registry.packs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.packyard.packs.Pack;
import dev.packyard.packs.chart.ChartArchive;
import dev.packyard.packs.chart.InvalidChartException;
import dev.packyard.registry.helm.ChartShelf;
import dev.packyard.registry.oci.RepositoryName;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The Helm charts shipped inside packs ({@code charts/*.tgz}), offered as the Helm repository named after the packs'
 * namespace: {@code spectro-packs} for packs at {@code spectro-packs/archive/<name>}, {@code <base>/spectro-packs}
 * for packs under a base path. So the charts a pack installs can be browsed, searched and templated with plain Helm.
 */
final class PackChartShelf implements ChartShelf {

    private static final Logger LOG = Logger.getLogger(PackChartShelf.class.getName());
    private static final String NAMESPACE = "spectro-packs";

    private final PackCatalog catalog;
    private final PackContents contents;
    /** A pack tarball never changes under its digest, so neither do the charts read from it. */
    private final Cache<String, List<ShelvedChart>> chartsByLayer = Caffeine.newBuilder().maximumSize(10_000).build();

    PackChartShelf(PackCatalog catalog, PackContents contents) {
        this.catalog = catalog;
        this.contents = contents;
    }

    @Override
    public List<ShelvedChart> charts(String helmRepository) {
        String base;
        if (helmRepository.equals(NAMESPACE)) {
            base = "";
        } else if (helmRepository.endsWith("/" + NAMESPACE)) {
            base = helmRepository.substring(0, helmRepository.length() - NAMESPACE.length() - 1);
        } else {
            return List.of();
        }
        List<ShelvedChart> charts = new ArrayList<>();
        for (PackCatalog.PackEntry pack : catalog.packs()) {
            if (pack.repository().base().equals(base)) {
                for (PackVersionRecord version : pack.versions()) {
                    charts.addAll(chartsOf(version));
                }
            }
        }
        return charts;
    }

    @Override
    public List<ShelvedChart> shippedBy(String helmRepository, String packRepository) {
        if (!RepositoryName.isValid(packRepository)) {
            return List.of();
        }
        return catalog.entry(new RepositoryName(packRepository))
                .filter(pack -> helmRepositoryFor(pack.repository().base()).equals(helmRepository))
                .map(pack -> pack.versions().stream().flatMap(version -> chartsOf(version).stream()).toList())
                .orElse(List.of());
    }

    @Override
    public List<String> repositories() {
        return catalog.packs().stream().map(p -> helmRepositoryFor(p.repository().base())).distinct().sorted().toList();
    }

    /** The Helm repository of the charts in the packs under {@code base}. */
    static String helmRepositoryFor(String base) {
        return base.isEmpty() ? NAMESPACE : base + "/" + NAMESPACE;
    }

    @Override
    public long version() {
        return catalog.changes();
    }

    private List<ShelvedChart> chartsOf(PackVersionRecord version) {
        return chartsByLayer.get(version.layerDigest(), digest -> read(version));
    }

    private List<ShelvedChart> read(PackVersionRecord version) {
        String where = version.repository() + ":" + version.version();
        Pack pack;
        try {
            pack = contents.of(version);
        } catch (IOException e) {
            LOG.warning(() -> "could not read pack " + where + " for its charts: " + e.getMessage());
            return List.of();
        }
        List<ShelvedChart> charts = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : pack.files().files().entrySet()) {
            String path = file.getKey();
            if (path.startsWith("charts/") && path.endsWith(".tgz") && path.indexOf('/', "charts/".length()) < 0) {
                try {
                    charts.add(ShelvedChart.of(ChartArchive.read(file.getValue(), ChartArchive.DEFAULT_MAX_EXPANDED_BYTES)
                            .metadata(), file.getValue(), pushedAt(version), where));
                } catch (InvalidChartException e) {
                    LOG.warning(() -> "pack " + where + " ships " + path + ", which is not a chart Helm can list: "
                            + e.getMessage());
                }
            }
        }
        return List.copyOf(charts);
    }

    private static Instant pushedAt(PackVersionRecord version) {
        try {
            return Instant.parse(version.pushedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.EPOCH;
        }
    }
}
