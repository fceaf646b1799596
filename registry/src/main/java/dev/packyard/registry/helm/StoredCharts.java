package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.chart.ChartMetadata;
import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.packs.chart.InvalidChartException;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.StoredManifest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** Reads Helm charts out of OCI storage: the version a tag names, as its index entry. */
final class StoredCharts {

    private static final Logger LOG = Logger.getLogger(StoredCharts.class.getName());
    private static final String CREATED = "org.opencontainers.image.created";

    private final ManifestStore manifests;
    private final BlobStore blobs;
    private final ManifestParser parser = new ManifestParser();
    private final ObjectMapper json = new ObjectMapper();

    StoredCharts(ManifestStore manifests, BlobStore blobs) {
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /**
     * The chart version tag {@code tag} of {@code repository} points at, or empty when the tag is gone, is not a
     * version's tag ({@code latest}), or points at something that is not a Helm chart of that version.
     */
    Optional<IndexedChart> read(RepositoryName repository, String tag) throws IOException {
        String version = ChartVersions.versionOfTag(tag);
        if (!ChartVersions.isValid(version)) {
            return Optional.empty();
        }
        Optional<Digest> digest = manifests.resolveTag(repository, tag);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredManifest> stored = manifests.get(repository, digest.get());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Manifest manifest;
        try {
            manifest = parser.parse(stored.get().content(), Optional.of(stored.get().revision().mediaType()));
        } catch (OciException e) {
            return Optional.empty(); // not a manifest this reader understands, so not a chart
        }
        Optional<Descriptor> config = manifest.config().filter(c -> c.mediaType().equals(HelmMediaTypes.CONFIG));
        Optional<Descriptor> chart = chartLayer(manifest);
        if (config.isEmpty() || chart.isEmpty()) {
            return Optional.empty();
        }
        ChartMetadata metadata;
        try {
            metadata = ChartMetadata.of(json.readTree(blobs.content(config.get().digest())));
        } catch (InvalidChartException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warning(() -> repository + ":" + tag + " has a Helm config the index cannot use (" + e.getMessage()
                    + "); it is left out of the Helm repository");
            return Optional.empty();
        }
        if (!metadata.version().equals(version)) {
            return Optional.empty(); // a tag that merely looks like a version, e.g. an alias pushed by hand
        }
        Instant created = created(manifest).or(() -> pushedAt(repository, digest.get())).orElseGet(Instant::now);
        Optional<Descriptor> provenance = manifest.layers().stream()
                .filter(l -> l.mediaType().equals(HelmMediaTypes.PROVENANCE)).findFirst();
        return Optional.of(new IndexedChart(metadata, created, sha256Hex(chart.get()),
                new ChartLocation.Stored(repository, tag, digest.get(), chart.get(), provenance)));
    }

    static Optional<Descriptor> chartLayer(Manifest manifest) {
        List<Descriptor> charts = manifest.layers().stream()
                .filter(l -> l.mediaType().equals(HelmMediaTypes.CHART) || l.mediaType().equals(HelmMediaTypes.LEGACY_CHART))
                .toList();
        return charts.size() == 1 ? Optional.of(charts.get(0)) : Optional.empty();
    }

    private Optional<Instant> pushedAt(RepositoryName repository, Digest digest) {
        try {
            return manifests.pushedAt(repository, digest);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> created(Manifest manifest) {
        String text = manifest.annotations().get(CREATED);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Helm's index carries the package's SHA-256; Helm pushes SHA-256 layers, anything else is hashed here. */
    private String sha256Hex(Descriptor chart) throws IOException {
        if (chart.digest().algorithm() == DigestAlgorithm.SHA256) {
            return chart.digest().hex();
        }
        MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();
        try (InputStream in = blobs.open(chart.digest(), 0)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
