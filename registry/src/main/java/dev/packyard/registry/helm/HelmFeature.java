package dev.packyard.registry.helm;

import dev.packyard.packs.chart.ChartArchive;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;
import dev.packyard.registry.oci.store.UploadStore;
import dev.packyard.registry.oci.RepositoryName;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Helm charts in the registry, through both doors: Helm's OCI support (the registry API itself; this feature's guard
 * checks chart manifests) and classic Helm repositories with ChartMuseum's upload API, both over the same OCI
 * storage. Helm repository {@code R} is the charts under OCI namespace {@code R/}.
 */
public final class HelmFeature {

    private static final Logger LOG = Logger.getLogger(HelmFeature.class.getName());

    private final BlobStore blobs;
    private final UploadStore uploads;
    private final ManifestStore manifests;
    private final ChartIndex index;
    private final ChartGuard guard;
    private final ChartShelf shelf;
    private final long maxUploadBytes;

    public HelmFeature(BlobStore blobs, UploadStore uploads, ManifestStore manifests, RepositoryCatalog repositories,
                       ChartShelf shelf, long maxUploadBytes) {
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.index = new ChartIndex(manifests, repositories, new StoredCharts(manifests, blobs), shelf);
        this.guard = new ChartGuard(blobs, index, ChartArchive.DEFAULT_MAX_EXPANDED_BYTES);
        this.shelf = shelf;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * Indexes, in the background, every namespace that holds repositories, so the first {@code index.yaml} of a
     * Helm repository after a restart does not wait for its charts to be read (a request that comes earlier waits
     * for that repository only).
     */
    public void warmUp(RepositoryCatalog repositories) {
        Thread.ofVirtual().name("packyard-helm-warm-up").start(() -> {
            long started = System.nanoTime();
            try {
                Set<String> namespaces = new TreeSet<>();
                for (String repository : repositories.names()) {
                    HelmRepositoryName.of(new RepositoryName(repository)).ifPresent(n -> namespaces.add(n.value()));
                }
                int charts = 0;
                for (String namespace : namespaces) {
                    ChartIndex.Snapshot snapshot = index.snapshot(new HelmRepositoryName(namespace));
                    snapshot.document(); // rendered now rather than on the first request
                    charts += snapshot.charts().values().stream().mapToInt(List::size).sum();
                }
                int total = charts;
                LOG.info(() -> "Helm repositories: " + total + " chart versions indexed under " + namespaces.size()
                        + " namespaces in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "indexing the Helm repositories ahead of requests failed; each will be "
                        + "indexed on its first request", e);
            }
        });
    }

    /** Something that follows the Helm repositories: told of each chart that may have changed, on the changing thread. */
    @FunctionalInterface
    public interface ChartListener {
        void changed(String helmRepository, String chartName);
    }

    /** Calls {@code listener} after every push or delete of a chart, before the change is answered. */
    public void onChange(ChartListener listener) {
        index.addListener(listener);
    }

    /** Every Helm repository that may hold charts (some hold none). */
    public List<String> helmRepositories() throws IOException {
        return index.names().stream().map(HelmRepositoryName::value).toList();
    }

    /** The charts of one Helm repository, by name. */
    public List<ChartListing> charts(String helmRepository) throws IOException {
        if (!HelmRepositoryName.isValid(helmRepository)) {
            return List.of();
        }
        HelmRepositoryName name = new HelmRepositoryName(helmRepository);
        return index.snapshot(name).charts().values().stream().filter(versions -> !versions.isEmpty())
                .map(versions -> ChartListing.of(name, versions)).toList();
    }

    /** One chart of one Helm repository, if it has a version there. */
    public java.util.Optional<ChartListing> chart(String helmRepository, String chartName) throws IOException {
        if (!HelmRepositoryName.isValid(helmRepository)) {
            return java.util.Optional.empty();
        }
        HelmRepositoryName name = new HelmRepositoryName(helmRepository);
        List<IndexedChart> versions = index.versions(name, chartName);
        return versions.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ChartListing.of(name, versions));
    }

    /** The names of the charts pack repository {@code packRepository} ships into {@code helmRepository}. */
    public List<String> chartNamesShippedBy(String helmRepository, String packRepository) {
        return shelf.shippedBy(helmRepository, packRepository).stream().map(chart -> chart.metadata().name())
                .distinct().toList();
    }

    /** Checks Helm chart manifests and keeps the Helm repositories' indexes in step with storage. */
    public ManifestGuard guard() {
        return guard;
    }

    /** {@code /helm/R/index.yaml} and chart downloads. */
    public HttpService repositoryApi() {
        return new HelmRepositoryApi(index, blobs);
    }

    /**
     * The ChartMuseum API; {@code registryGuard} is the guard of the whole registry (packs and charts), which uploads
     * and deletes go through exactly as OCI pushes do.
     */
    public HttpService chartMuseumApi(ManifestGuard registryGuard) {
        ChartPublisher publisher = new ChartPublisher(uploads, manifests, new ManifestPublisher(manifests, registryGuard),
                ChartArchive.DEFAULT_MAX_EXPANDED_BYTES);
        return new ChartMuseumApi(index, publisher, manifests, blobs, registryGuard, maxUploadBytes);
    }
}
