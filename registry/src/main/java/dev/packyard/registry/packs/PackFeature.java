package dev.packyard.registry.packs;

import dev.packyard.registry.helm.ChartShelf;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.ManifestSignatures;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;
import dev.packyard.registry.oci.store.UploadStore;
import dev.packyard.registry.storage.StorageDriver;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.util.Optional;

/** Packs in the registry: validation of pushed packs, train tags, the catalog and its API, the built-in catalog. */
public final class PackFeature {

    private final PackCatalog catalog;
    private final PackGuard guard;
    private final CatalogPackSource packSource;
    private final RepositoryCatalog repositories;
    private final BuiltinCatalog builtin;
    private final PackChartShelf charts;
    private final PackContents contents;

    public PackFeature(StorageDriver storage, BlobStore blobs, UploadStore uploads, ManifestStore manifests,
                       RepositoryCatalog repositories, long maxExpandedBytes) {
        PackRecords records = new PackRecords(storage);
        this.catalog = new PackCatalog(records);
        PackContents contents = new PackContents(blobs, maxExpandedBytes);
        this.guard = new PackGuard(blobs, manifests, records, catalog, contents, maxExpandedBytes);
        this.contents = contents;
        this.packSource = new CatalogPackSource(catalog, contents);
        this.charts = new PackChartShelf(catalog, contents);
        this.repositories = repositories;
        this.builtin = new BuiltinCatalog(storage, uploads, manifests, new ManifestPublisher(manifests, guard));
    }

    /** Loads the catalog from storage, then publishes the built-in packs if this storage never had them. */
    public void start(boolean publishBuiltinCatalog) throws IOException {
        catalog.load(repositories);
        if (publishBuiltinCatalog) {
            builtin.publishOnFirstStart();
        }
    }

    public ManifestGuard guard() {
        return guard;
    }

    /** The catalog API, showing each version's signature status as {@code signatures} tells it. */
    public HttpService api(ManifestSignatures signatures) {
        return new PackCatalogApi(catalog, contents, signatures);
    }

    /** The Helm charts shipped inside packs, for the Helm repositories. */
    public ChartShelf charts() {
        return charts;
    }

    /** The catalog, for views built on it (search). */
    public PackCatalog catalog() {
        return catalog;
    }

    /** Calls {@code listener} after every change of a pack repository (push, delete), before the change is answered. */
    public void onChange(PackCatalog.Listener listener) {
        catalog.addListener(listener);
    }

    /** The README.md of a pack version, read from its tarball (cached). */
    public Optional<String> readme(PackVersionRecord version) throws IOException {
        return contents.of(version).readme();
    }

    /** The Helm repository that offers the charts shipped in the packs of {@code pack}'s base path. */
    public String chartRepositoryOf(PackRepository pack) {
        return PackChartShelf.helmRepositoryFor(pack.base());
    }

    /** The registry's packs for the resolver. */
    public dev.packyard.resolver.PackSource packSource() {
        return packSource;
    }
}
