package dev.packyard.registry.search;

import dev.packyard.registry.helm.HelmFeature;
import dev.packyard.registry.oci.ManifestSignatures;
import dev.packyard.registry.packs.PackFeature;
import io.helidon.webserver.http.HttpService;
import org.apache.lucene.analysis.Analyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Full-text search over packs and charts: a Lucene index in {@code <data>/_index/search}, kept in step with every push
 * and delete, rebuilt from storage when it is missing, corrupt or of another schema, and the search APIs.
 */
public final class SearchFeature implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SearchFeature.class.getName());
    /** Commits only spare the next start a rebuild, so a few seconds of changes may wait for one. */
    private static final long COMMIT_EVERY_SECONDS = 5;

    private final SearchIndex index;
    private final SearchIndexer indexer;
    private final Searcher searcher;
    private final Optional<String> rebuildReason;
    private final ScheduledExecutorService commits;
    private volatile Thread startUp;

    private SearchFeature(SearchIndex index, SearchIndexer indexer, Searcher searcher, Optional<String> rebuildReason) {
        this.index = index;
        this.indexer = indexer;
        this.searcher = searcher;
        this.rebuildReason = rebuildReason;
        this.commits = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("packyard-search-commit").daemon().factory());
    }

    /**
     * Opens (or creates) the index and hooks it to pack and chart changes. Call after the pack catalog is loaded;
     * then {@link #start()} brings the index up to date in the background.
     */
    public static SearchFeature open(Path dataDir, PackFeature packs, HelmFeature helm) throws IOException {
        Analyzer analyzer = SearchAnalyzers.words();
        SearchIndex.Opened opened = SearchIndex.open(dataDir.resolve("_index").resolve("search"), analyzer);
        SearchIndexer indexer = new SearchIndexer(opened.index(), new PackItems(packs), new ChartItems(helm));
        packs.onChange(pack -> indexer.packChanged(pack, packs.chartRepositoryOf(pack)));
        helm.onChange(indexer::chartChanged);
        Searcher searcher = new Searcher(opened.index(), analyzer);
        return new SearchFeature(opened.index(), indexer, searcher, opened.rebuildReason());
    }

    /**
     * Rebuilds or reconciles the index on a background thread (queries answer meanwhile, from what is in), and starts
     * the periodic commits.
     */
    public void start() {
        startUp = Thread.ofVirtual().name("packyard-search-start").start(() -> {
            try {
                if (rebuildReason.isPresent()) {
                    indexer.rebuild(rebuildReason.get());
                } else {
                    indexer.reconcile();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "search index: could not be brought up to date with storage; search may miss "
                        + "packs and charts until the next start", e);
            }
        });
        commits.scheduleWithFixedDelay(this::commit, COMMIT_EVERY_SECONDS, COMMIT_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void commit() {
        try {
            index.commitIfChanged();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: commit failed; the next start may rebuild the index", e);
        }
    }

    /** The search APIs; each hit carries the signature status {@code signatures} gives for the version it shows. */
    public HttpService api(ManifestSignatures signatures) {
        return new SearchApi(searcher, new HitSignatures(signatures));
    }

    /**
     * Stops the background work and commits; the next start then opens the index as it is. The start-up pass is
     * asked to stop, not interrupted: an interrupt during Lucene I/O closes the index's files under it.
     */
    @Override
    public void close() {
        searcher.close();
        commits.shutdownNow();
        indexer.stop();
        Thread running = startUp;
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: could not be closed cleanly; the next start checks it", e);
        }
    }
}
