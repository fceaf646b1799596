package dev.packyard.registry.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.chart.Chart;
import dev.packyard.packs.chart.ChartArchive;
import dev.packyard.packs.chart.ChartMetadata;
import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.packs.chart.InvalidChartException;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Keeps Helm charts in OCI storage consistent with what Helm repositories list: a manifest with Helm's config type
 * must carry one chart package whose Chart.yaml agrees with the config, sit in the repository named after the chart,
 * and not be tagged with another version; then the chart index re-reads the tags it was stored under.
 */
final class ChartGuard implements ManifestGuard {

    private final BlobStore blobs;
    private final ChartIndex index;
    private final long maxExpandedBytes;
    private final ObjectMapper json = new ObjectMapper();

    ChartGuard(BlobStore blobs, ChartIndex index, long maxExpandedBytes) {
        this.blobs = blobs;
        this.index = index;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    @Override
    public Admitted admit(RepositoryName repository, Digest digest, Manifest manifest, List<String> tags) throws IOException {
        Optional<Descriptor> config = manifest.config().filter(c -> c.mediaType().equals(HelmMediaTypes.CONFIG));
        if (config.isEmpty()) {
            return Admitted.NOTHING;
        }
        ChartMetadata declared = configMetadata(config.get());
        Descriptor layer = StoredCharts.chartLayer(manifest).orElseThrow(() -> invalid("a Helm chart manifest has "
                + "exactly one chart layer (" + HelmMediaTypes.CHART + "); this one has "
                + manifest.layers().stream().filter(l -> l.mediaType().equals(HelmMediaTypes.CHART)
                || l.mediaType().equals(HelmMediaTypes.LEGACY_CHART)).count()));
        if (manifest.layers().stream().filter(l -> l.mediaType().equals(HelmMediaTypes.PROVENANCE)).count() > 1) {
            throw invalid("a Helm chart manifest has at most one provenance layer (" + HelmMediaTypes.PROVENANCE + ")");
        }
        Chart chart = readChart(layer);
        ChartMetadata packaged = chart.metadata();
        if (!packaged.name().equals(declared.name()) || !packaged.version().equals(declared.version())) {
            throw invalid("the config names chart " + declared.name() + " " + declared.version() + " but the chart "
                    + "package holds " + packaged.name() + " " + packaged.version() + "; push the package with its own "
                    + "Chart.yaml as the config (helm push does)");
        }
        String expectedName = HelmRepositoryName.chartName(repository);
        if (!expectedName.equals(declared.name())) {
            String namespace = HelmRepositoryName.of(repository).map(HelmRepositoryName::value).orElse("<namespace>");
            throw invalid("chart " + declared.name() + " was pushed to repository " + repository + "; a chart lives "
                    + "in the repository named after it: push it to oci://<host>/" + namespace + " (helm push adds the "
                    + "name), i.e. " + namespace + "/" + declared.name() + ":" + ChartVersions.tagOf(declared.version()));
        }
        for (String tag : tags) {
            String tagVersion = ChartVersions.versionOfTag(tag);
            if (ChartVersions.isValid(tagVersion) && !tagVersion.equals(declared.version())) {
                throw invalid("tag " + tag + " names version " + tagVersion + " but Chart.yaml says "
                        + declared.version() + "; push the chart with tag " + ChartVersions.tagOf(declared.version()));
            }
        }
        return () -> index.refresh(repository, tags);
    }

    @Override
    public void beforeDelete(RepositoryName repository, String reference) {
    }

    @Override
    public void afterDelete(RepositoryName repository, String reference) throws IOException {
        index.removed(repository, reference);
    }

    private ChartMetadata configMetadata(Descriptor config) throws IOException {
        try {
            return ChartMetadata.of(json.readTree(blobs.content(config.digest())));
        } catch (JsonProcessingException e) {
            throw invalid("the Helm chart config (" + HelmMediaTypes.CONFIG + ") is not JSON: " + e.getOriginalMessage());
        } catch (InvalidChartException e) {
            throw invalid("the Helm chart config does not describe a valid chart: " + e.getMessage());
        }
    }

    private Chart readChart(Descriptor layer) throws IOException {
        try (InputStream in = blobs.open(layer.digest(), 0)) {
            return ChartArchive.read(in, maxExpandedBytes);
        } catch (InvalidChartException e) {
            throw invalid("the chart layer " + layer.digest() + " is not a valid chart package: " + e.getMessage());
        }
    }

    private static OciException invalid(String message) {
        return new OciException(ErrorCode.MANIFEST_INVALID, message);
    }
}
