package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.chart.Chart;
import dev.packyard.packs.chart.ChartArchive;
import dev.packyard.packs.chart.ChartMetadata;
import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.packs.chart.InvalidChartException;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.manifest.MediaTypes;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.UploadStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores a chart package uploaded through the ChartMuseum API as the OCI artifact {@code helm push} would make, in
 * {@code <helm repository>/<chart name>} under the version's tag, so both doors serve the same bytes. Every check
 * happens before the first byte is stored; a refused upload changes nothing.
 */
final class ChartPublisher {

    private final UploadStore uploads;
    private final ManifestStore manifests;
    private final ManifestPublisher publisher;
    private final long maxExpandedBytes;
    private final ManifestParser parser = new ManifestParser();
    private final ObjectMapper json = new ObjectMapper();
    /** Serializes the exists-check and the push of one chart version, so two uploads cannot both pass the check. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    ChartPublisher(UploadStore uploads, ManifestStore manifests, ManifestPublisher publisher, long maxExpandedBytes) {
        this.uploads = uploads;
        this.manifests = manifests;
        this.publisher = publisher;
        this.maxExpandedBytes = maxExpandedBytes;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Reads and checks an uploaded package (and its .prov), then stores it.
     *
     * @param overwrite replace the version when it exists (ChartMuseum's {@code ?force}); otherwise that is a 409
     */
    ChartMetadata publish(HelmRepositoryName repository, byte[] packageBytes, Optional<byte[]> provenance,
                          boolean overwrite) throws IOException {
        Chart chart;
        try {
            chart = ChartArchive.read(packageBytes, maxExpandedBytes);
        } catch (InvalidChartException e) {
            throw new ApiException(400, "CHART_INVALID", e.getMessage());
        }
        ChartMetadata metadata = chart.metadata();
        if (provenance.isPresent()) {
            checkProvenance(provenance.get(), metadata, packageBytes);
        }
        RepositoryName target = repository.chartRepository(metadata.name());
        String tag = ChartVersions.tagOf(metadata.version());
        ReentrantLock lock = locks[Math.floorMod((target.value() + ":" + tag).hashCode(), locks.length)];
        lock.lock();
        try {
            if (!overwrite && manifests.resolveTag(target, tag).isPresent()) {
                throw new ApiException(409, "CHART_EXISTS", "chart " + metadata.name() + " version " + metadata.version()
                        + " already exists in Helm repository " + repository + "; upload with ?force to replace it, or "
                        + "bump the version");
            }
            store(target, tag, metadata, packageBytes, provenance);
        } finally {
            lock.unlock();
        }
        return metadata;
    }

    /** Checks that a .prov vouches for exactly this package. */
    static void checkProvenance(byte[] provenance, ChartMetadata metadata, byte[] packageBytes) {
        ProvenanceFile prov;
        try {
            prov = ProvenanceFile.parse(provenance);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "PROVENANCE_INVALID", e.getMessage());
        }
        String expectedFile = metadata.name() + "-" + metadata.version() + ".tgz";
        if (!prov.fileName().equals(expectedFile)) {
            throw new ApiException(400, "PROVENANCE_MISMATCH", "the provenance file is for " + prov.fileName()
                    + ", not for the uploaded package " + expectedFile);
        }
        String actual = Digest.of(DigestAlgorithm.SHA256, packageBytes).hex();
        if (!prov.sha256Hex().equals(actual)) {
            throw new ApiException(400, "PROVENANCE_MISMATCH", "the provenance file gives sha256:" + prov.sha256Hex()
                    + " for " + expectedFile + " but the uploaded package is sha256:" + actual
                    + "; sign the package you upload (helm package --sign)");
        }
    }

    private void store(RepositoryName target, String tag, ChartMetadata metadata, byte[] packageBytes,
                       Optional<byte[]> provenance) throws IOException {
        byte[] config = json.writeValueAsBytes(metadata.fields());
        Digest configDigest = upload(target, config);
        Digest chartDigest = upload(target, packageBytes);
        ObjectNode manifest = json.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(HelmMediaTypes.CONFIG, configDigest, config.length));
        manifest.putArray("layers").add(descriptor(HelmMediaTypes.CHART, chartDigest, packageBytes.length));
        if (provenance.isPresent()) {
            Digest provDigest = upload(target, provenance.get());
            manifest.withArray("layers").add(descriptor(HelmMediaTypes.PROVENANCE, provDigest, provenance.get().length));
        }
        ObjectNode annotations = manifest.putObject("annotations");
        annotations(metadata).forEach(annotations::put);
        byte[] content = json.writeValueAsBytes(manifest);
        Manifest parsed = parser.parse(content, Optional.of(MediaTypes.OCI_MANIFEST));
        publisher.publish(target, Digest.of(DigestAlgorithm.SHA256, content), content, parsed, List.of(tag));
    }

    private Digest upload(RepositoryName target, byte[] content) throws IOException {
        Digest digest = Digest.of(DigestAlgorithm.SHA256, content);
        uploads.uploadWhole(target, digest, new ByteArrayInputStream(content));
        return digest;
    }

    private ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode descriptor = json.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest.toString());
        descriptor.put("size", size);
        return descriptor;
    }

    /** The annotations {@code helm push} writes (Helm's {@code generateOCIAnnotations}). */
    private static Map<String, String> annotations(ChartMetadata metadata) {
        Map<String, String> annotations = new LinkedHashMap<>(metadata.annotations());
        metadata.description().ifPresent(d -> annotations.put("org.opencontainers.image.description", d));
        metadata.home().ifPresent(h -> annotations.put("org.opencontainers.image.url", h));
        metadata.sources().stream().findFirst().ifPresent(s -> annotations.put("org.opencontainers.image.source", s));
        metadata.authors().ifPresent(a -> annotations.put("org.opencontainers.image.authors", a));
        annotations.put("org.opencontainers.image.created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        annotations.put("org.opencontainers.image.title", metadata.name());
        annotations.put("org.opencontainers.image.version", metadata.version());
        return annotations;
    }
}
