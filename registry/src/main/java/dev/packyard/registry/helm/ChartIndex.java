package dev.packyard.registry.helm;

import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every Helm repository's charts, kept in memory in step with OCI storage, and their rendered {@code index.yaml}.
 *
 * <p>A Helm repository is loaded from storage on first use. After that, every stored or deleted chart manifest
 * re-reads just the tags concerned from storage, under the repository's lock. Re-reading (rather than applying
 * the change that was announced) makes the outcome independent of the order in which concurrent pushes and deletes
 * report: whichever refresh runs last reads storage after the last change to that tag, so the index ends up equal to
 * storage. The rendered index is rebuilt on the first read after a change by joining entries rendered once each.
 */
final class ChartIndex {

    /** Storage reads in flight while a Helm repository is loaded. */
    private static final int LOAD_CONCURRENCY = 16;

    private final ManifestStore manifests;
    private final RepositoryCatalog repositories;
    private final StoredCharts stored;
    private final ChartShelf shelf;
    private final Map<HelmRepositoryName, Repository> helmRepositories = new ConcurrentHashMap<>();
    /** Told of every chart that may have changed, after the change is in the index (for search). */
    private final List<HelmFeature.ChartListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    ChartIndex(ManifestStore manifests, RepositoryCatalog repositories, StoredCharts stored, ChartShelf shelf) {
        this.manifests = manifests;
        this.repositories = repositories;
        this.stored = stored;
        this.shelf = shelf;
    }

    /** Re-reads {@code tags} of a chart repository after a manifest was stored under them. */
    void refresh(RepositoryName chartRepository, Collection<String> tags) throws IOException {
        whenLoaded(chartRepository, repository -> {
            for (String tag : tags) {
                repository.reread(chartRepository, tag);
            }
        });
        notifyListeners(chartRepository);
    }

    /** Re-reads what a delete of {@code reference} (a tag, or a manifest digest with all its tags) touched. */
    void removed(RepositoryName chartRepository, String reference) throws IOException {
        whenLoaded(chartRepository, repository -> {
            List<String> tags = Digest.looksLikeDigest(reference)
                    ? repository.tagsOf(chartRepository, reference) : List.of(reference);
            for (String tag : tags) {
                repository.reread(chartRepository, tag);
            }
        });
        notifyListeners(chartRepository);
    }

    void addListener(HelmFeature.ChartListener listener) {
        listeners.add(listener);
    }

    /** A listener keeps a cache in step; its failure must not fail the push or delete, which has happened already. */
    private void notifyListeners(RepositoryName chartRepository) {
        Optional<HelmRepositoryName> helmRepository = HelmRepositoryName.of(chartRepository);
        if (helmRepository.isEmpty()) {
            return;
        }
        String chartName = HelmRepositoryName.chartName(chartRepository);
        for (HelmFeature.ChartListener listener : listeners) {
            try {
                listener.changed(helmRepository.get().value(), chartName);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(ChartIndex.class.getName()).log(java.util.logging.Level.WARNING,
                        "a view of the Helm repositories could not follow the change of " + chartRepository, e);
            }
        }
    }

    /**
     * Every Helm repository there may be: the namespaces of the OCI repositories and the repositories of the shelf.
     * Some of them hold no chart (the parent of pack repositories, for one); their snapshots are empty.
     */
    List<HelmRepositoryName> names() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>(shelf.repositories());
        for (String repository : repositories.names()) {
            int slash = repository.lastIndexOf('/');
            if (slash > 0) {
                names.add(repository.substring(0, slash));
            }
        }
        return names.stream().filter(HelmRepositoryName::isValid).map(HelmRepositoryName::new).toList();
    }

    /**
     * Runs {@code change} on the Helm repository of {@code chartRepository} under its lock, if it is loaded; one
     * that is not loaded yet will read the change from storage when it is.
     */
    private void whenLoaded(RepositoryName chartRepository, RepositoryChange change) throws IOException {
        Optional<HelmRepositoryName> helmRepository = HelmRepositoryName.of(chartRepository);
        if (helmRepository.isEmpty()) {
            return;
        }
        Repository repository = repository(helmRepository.get());
        repository.lock.lock();
        try {
            if (repository.loaded) {
                change.apply(repository);
            }
        } finally {
            repository.lock.unlock();
        }
    }

    @FunctionalInterface
    private interface RepositoryChange {
        void apply(Repository repository) throws IOException;
    }

    /** The repository's current state: its charts (OCI and shelf merged) and its index document. */
    Snapshot snapshot(HelmRepositoryName name) throws IOException {
        Repository repository = repository(name);
        long shelfVersion = shelf.version();
        Snapshot current = repository.snapshot;
        if (current != null && current.shelfVersion == shelfVersion) {
            return current;
        }
        repository.lock.lock();
        try {
            if (!repository.loaded) {
                repository.load();
            }
            current = repository.snapshot;
            if (current == null || current.shelfVersion != shelfVersion) {
                current = repository.build(shelfVersion);
                repository.snapshot = current;
            }
            return current;
        } finally {
            repository.lock.unlock();
        }
    }

    /**
     * The versions of one chart, newest first. Builds no snapshot of the whole repository: after a push the
     * snapshot is stale, and a view following pushes one chart at a time would otherwise pay for every chart.
     */
    List<IndexedChart> versions(HelmRepositoryName name, String chartName) throws IOException {
        Repository repository = repository(name);
        Snapshot current = repository.snapshot;
        if (current != null && current.shelfVersion == shelf.version()) {
            return current.charts().getOrDefault(chartName, List.of());
        }
        repository.lock.lock();
        try {
            if (!repository.loaded) {
                repository.load();
            }
            return repository.versions(chartName);
        } finally {
            repository.lock.unlock();
        }
    }

    private Repository repository(HelmRepositoryName name) {
        return helmRepositories.computeIfAbsent(name, Repository::new);
    }

    /**
     * One Helm repository at one moment: charts by name, each newest version first, and the rendered index.
     * Immutable; a change replaces it.
     */
    static final class Snapshot {
        private final Map<String, List<IndexedChart>> charts;
        private final Map<String, IndexedChart> byFileName;
        private final Instant generated;
        private final long shelfVersion;
        /** Rendered on first request: a snapshot taken for its charts alone (search) never renders. */
        private volatile IndexDocument document;

        private Snapshot(Map<String, List<IndexedChart>> charts, Instant generated, long shelfVersion) {
            this.charts = charts;
            this.generated = generated;
            this.shelfVersion = shelfVersion;
            Map<String, IndexedChart> files = new HashMap<>();
            charts.values().forEach(versions -> versions.forEach(chart -> files.put(chart.fileName(), chart)));
            this.byFileName = files;
        }

        /** Chart name to versions, newest first; names sorted. */
        Map<String, List<IndexedChart>> charts() {
            return charts;
        }

        Optional<IndexedChart> chart(String name, String version) {
            return charts.getOrDefault(name, List.of()).stream().filter(c -> c.version().equals(version)).findFirst();
        }

        /** The chart version whose package is {@code NAME-VERSION.tgz}. */
        Optional<IndexedChart> byFileName(String fileName) {
            return Optional.ofNullable(byFileName.get(fileName));
        }

        IndexDocument document() {
            IndexDocument rendered = document;
            if (rendered == null) {
                synchronized (this) {
                    rendered = document;
                    if (rendered == null) {
                        rendered = new IndexDocument(IndexYaml.render(charts, generated), generated);
                        document = rendered;
                    }
                }
            }
            return rendered;
        }
    }

    /** The mutable state of one Helm repository; every field but {@link #snapshot} is guarded by {@link #lock}. */
    private final class Repository {
        private final HelmRepositoryName name;
        private final ReentrantLock lock = new ReentrantLock();
        /** Chart name to version to chart, OCI-stored charts only. */
        private final Map<String, TreeMap<String, IndexedChart>> charts = new HashMap<>();
        private boolean loaded;
        private volatile Snapshot snapshot;

        Repository(HelmRepositoryName name) {
            this.name = name;
        }

        /**
         * Reads every chart version of the repository. Each version costs a few small storage reads, which are
         * latency- not CPU-bound, so they are issued from virtual threads, a bounded number at a time.
         */
        void load() throws IOException {
            List<Future<Optional<IndexedChart>>> reads = new ArrayList<>();
            Semaphore inFlight = new Semaphore(LOAD_CONCURRENCY);
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String child : repositories.childrenOf(name.asNamespace())) {
                    RepositoryName chartRepository = new RepositoryName(child);
                    for (String tag : manifests.tags(chartRepository).orElse(List.of())) {
                        reads.add(executor.submit(() -> {
                            inFlight.acquire();
                            try {
                                return stored.read(chartRepository, tag);
                            } finally {
                                inFlight.release();
                            }
                        }));
                    }
                }
                for (var read : reads) {
                    read.get().ifPresent(this::put);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while loading Helm repository " + name);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("loading Helm repository " + name + " failed", e.getCause());
            }
            loaded = true;
        }

        void reread(RepositoryName chartRepository, String tag) throws IOException {
            String chartName = HelmRepositoryName.chartName(chartRepository);
            String version = ChartVersions.versionOfTag(tag);
            if (!ChartVersions.isValid(version)) {
                return; // a tag that names no version (latest, stable) never is an entry; nor can it be compared
            }
            Optional<IndexedChart> chart = stored.read(chartRepository, tag);
            if (chart.isPresent()) {
                put(chart.get());
            } else {
                TreeMap<String, IndexedChart> versions = charts.get(chartName);
                if (versions == null || versions.remove(version) == null) {
                    return;
                }
                if (versions.isEmpty()) {
                    charts.remove(chartName);
                }
            }
            snapshot = null;
        }

        /** The version tags whose chart is the manifest {@code digest}. */
        List<String> tagsOf(RepositoryName chartRepository, String digest) {
            List<String> tags = new ArrayList<>();
            charts.getOrDefault(HelmRepositoryName.chartName(chartRepository), new TreeMap<>()).values().forEach(chart -> {
                if (chart.location() instanceof ChartLocation.Stored s && s.manifest().toString().equals(digest)) {
                    tags.add(s.tag());
                }
            });
            return tags;
        }

        /** One chart's versions, merged with the shelf's as {@link #build} merges them all. */
        List<IndexedChart> versions(String chartName) {
            TreeMap<String, IndexedChart> versions = new TreeMap<>(ChartVersions.NEWEST_FIRST);
            versions.putAll(charts.getOrDefault(chartName, new TreeMap<>()));
            for (ChartShelf.ShelvedChart shelved : shelf.charts(name.value())) {
                if (shelved.metadata().name().equals(chartName)) {
                    versions.putIfAbsent(shelved.metadata().version(), indexed(shelved));
                }
            }
            return List.copyOf(versions.values());
        }

        private void put(IndexedChart chart) {
            charts.computeIfAbsent(chart.name(), n -> new TreeMap<>(ChartVersions.NEWEST_FIRST)).put(chart.version(), chart);
        }

        /** Merges the shelf's charts in; a version stored in OCI wins over the same version on the shelf. */
        Snapshot build(long shelfVersion) {
            Map<String, TreeMap<String, IndexedChart>> merged = new HashMap<>();
            charts.forEach((chartName, versions) -> merged.put(chartName, new TreeMap<>(versions)));
            for (ChartShelf.ShelvedChart shelved : shelf.charts(name.value())) {
                merged.computeIfAbsent(shelved.metadata().name(), n -> new TreeMap<>(ChartVersions.NEWEST_FIRST))
                        .putIfAbsent(shelved.metadata().version(), indexed(shelved));
            }
            Map<String, List<IndexedChart>> sorted = new LinkedHashMap<>();
            new TreeMap<>(merged).forEach((chartName, versions) -> sorted.put(chartName, List.copyOf(versions.values())));
            // Derived from the charts, not from when this process saw them change, so the same charts render the
            // same bytes (and ETag) after a restart: the newest chart's time, or the epoch for an empty repository.
            Instant generated = sorted.values().stream().flatMap(List::stream).map(IndexedChart::created)
                    .max(Instant::compareTo).orElse(Instant.EPOCH);
            return new Snapshot(Collections.unmodifiableMap(sorted), generated, shelfVersion);
        }
    }

    private static IndexedChart indexed(ChartShelf.ShelvedChart shelved) {
        return new IndexedChart(shelved.metadata(), shelved.created(), shelved.digestHex(),
                new ChartLocation.InPack(shelved.chart(), shelved.pack()));
    }
}
