package dev.packyard.registry.search;

import dev.packyard.registry.packs.PackRepository;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the search index equal to storage: rebuilds or reconciles it at start-up, and re-indexes the one pack or chart
 * a push or delete touched before that call is answered.
 *
 * <p>A change writes its document from a fresh read of its source (the pack catalog, the Helm repositories) under a
 * lock for that document. A start-up pass reads charts in bulk, one read per Helm repository, and writes what it read
 * only where no change has written since it began; so the order in which they run can't leave a stale document.
 */
final class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class.getName());
    private static final int PROGRESS_EVERY = 500;

    private final SearchIndex index;
    private final PackItems packs;
    private final ChartItems charts;
    private final ReentrantLock[] locks = new ReentrantLock[64];
    /**
     * Documents written from a fresh read of storage (for a change) while a rebuild or reconcile runs: what that bulk
     * pass read earlier may be older, so it leaves them alone. Empty and unused between bulk passes.
     */
    private final Set<String> freshlyWritten = ConcurrentHashMap.newKeySet();
    private volatile boolean bulkPassRunning;
    private volatile boolean stopped;

    SearchIndexer(SearchIndex index, PackItems packs, ChartItems charts) {
        this.index = index;
        this.packs = packs;
        this.charts = charts;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Re-indexes a pack repository after a change, and the charts it ships; searchable on return. */
    void packChanged(PackRepository pack, String shelfRepository) {
        try {
            String repository = pack.repository().value();
            long change = reindexPack(repository);
            // The charts a pack ships are offered in its Helm repository: those it ships now and those it shipped.
            Set<String> names = new LinkedHashSet<>(charts.namesShippedBy(shelfRepository, repository));
            BooleanQuery.Builder before = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(SearchFields.PROVIDED_BY, repository)), BooleanClause.Occur.FILTER);
            for (String id : index.ids(before.build())) {
                String prefix = SearchItem.chartId(shelfRepository, "");
                if (id.startsWith(prefix)) {
                    names.add(id.substring(prefix.length()));
                }
            }
            for (String name : names) {
                change = Math.max(change, reindexChart(shelfRepository, name));
            }
            index.awaitSearchable(change);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: could not follow the change of pack repository " + pack.repository()
                    + "; it is corrected at the next start", e);
        }
    }

    /** Re-indexes one chart after a push or delete; searchable on return. */
    void chartChanged(String helmRepository, String chartName) {
        try {
            index.awaitSearchable(reindexChart(helmRepository, chartName));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: could not follow the change of chart " + chartName + " in Helm "
                    + "repository " + helmRepository + "; it is corrected at the next start", e);
        }
    }

    /**
     * Builds every document from storage into an empty index, logging progress; queries meanwhile see a part. Stops
     * early, leaving the index marked incomplete (so the next start rebuilds it), when {@link #stop()} is called.
     */
    void rebuild(String reason) throws IOException {
        inBulkPass(() -> rebuildNow(reason));
    }

    private void rebuildNow(String reason) throws IOException {
        long started = System.nanoTime();
        LOG.info(() -> "search index: rebuilding (" + reason + ")");
        index.complete(false);
        Map<String, String> packIds = packs.fingerprints();
        List<SearchItem> chartItems = new ArrayList<>();
        for (String repository : charts.repositories()) {
            chartItems.addAll(charts.items(repository));
        }
        int total = packIds.size() + chartItems.size();
        int done = 0;
        for (String id : packIds.keySet()) {
            if (stopped) {
                LOG.info("search index: rebuild stopped by shutdown; the next start rebuilds the index");
                return;
            }
            reindexPack(id.substring("pack:".length()));
            done = progress(++done, total);
        }
        for (SearchItem chart : chartItems) {
            if (stopped) {
                LOG.info("search index: rebuild stopped by shutdown; the next start rebuilds the index");
                return;
            }
            putUnlessFresher(chart);
            done = progress(++done, total);
        }
        index.refresh();
        index.complete(true);
        LOG.info(() -> "search index: rebuilt, " + total + " documents (" + packIds.size() + " packs, "
                + chartItems.size() + " charts) in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * Brings an index that opened fine up to date with storage, in case storage changed while this server was down
     * (another replica, a restore): re-indexes the documents whose fingerprint differs and drops those gone.
     */
    void reconcile() throws IOException {
        inBulkPass(this::reconcileNow);
    }

    private void reconcileNow() throws IOException {
        long started = System.nanoTime();
        int changed = 0;
        Map<String, String> indexedPacks = index.fingerprints("pack:");
        Map<String, String> currentPacks = packs.fingerprints();
        Set<String> packIds = new LinkedHashSet<>(currentPacks.keySet());
        packIds.addAll(indexedPacks.keySet());
        for (String id : packIds) {
            if (stopped) {
                return;
            }
            if (!Objects.equals(currentPacks.get(id), indexedPacks.get(id))) {
                reindexPack(id.substring("pack:".length()));
                changed++;
            }
        }
        Map<String, String> indexedCharts = index.fingerprints("chart:");
        Set<String> currentCharts = new java.util.HashSet<>();
        for (String repository : charts.repositories()) {
            for (SearchItem chart : charts.items(repository)) {
                if (stopped) {
                    return;
                }
                currentCharts.add(chart.id());
                if (!chart.fingerprint().equals(indexedCharts.get(chart.id()))) {
                    putUnlessFresher(chart);
                    changed++;
                }
            }
        }
        for (String id : indexedCharts.keySet()) {
            if (!currentCharts.contains(id)) {
                deleteUnlessFresher(id);
                changed++;
            }
        }
        index.refresh();
        int updated = changed;
        LOG.info(() -> "search index: opened, " + (currentPacks.size() + currentCharts.size()) + " documents, "
                + updated + " brought up to date with storage in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private void inBulkPass(BulkPass pass) throws IOException {
        freshlyWritten.clear();
        bulkPassRunning = true;
        try {
            pass.run();
        } finally {
            bulkPassRunning = false;
            freshlyWritten.clear();
        }
    }

    @FunctionalInterface
    private interface BulkPass {
        void run() throws IOException;
    }

    /** Makes a running {@link #rebuild} or {@link #reconcile} return soon; changes are still followed. */
    void stop() {
        stopped = true;
    }

    private int progress(int done, int total) throws IOException {
        if (done % PROGRESS_EVERY == 0) {
            index.refresh(); // queries during a rebuild see what is in so far
            LOG.info(() -> "search index: rebuilding, " + done + "/" + total + " documents");
        }
        return done;
    }

    /** Writes the pack's document from a fresh read; returns the change number. */
    private long reindexPack(String repository) throws IOException {
        String id = SearchItem.packId(repository);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (bulkPassRunning) {
                freshlyWritten.add(id);
            }
            Optional<SearchItem> item = packs.item(repository);
            return item.isPresent() ? index.put(item.get()) : index.delete(id);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the chart's document from a fresh read; returns the change number. */
    private long reindexChart(String helmRepository, String chartName) throws IOException {
        String id = SearchItem.chartId(helmRepository, chartName);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (bulkPassRunning) {
                freshlyWritten.add(id);
            }
            Optional<SearchItem> item = charts.item(helmRepository, chartName);
            return item.isPresent() ? index.put(item.get()) : index.delete(id);
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code item} read in bulk, unless a change has since written its document from a fresher read. */
    private void putUnlessFresher(SearchItem item) throws IOException {
        ReentrantLock lock = lockFor(item.id());
        lock.lock();
        try {
            if (!freshlyWritten.contains(item.id())) {
                index.put(item);
            }
        } finally {
            lock.unlock();
        }
    }

    private void deleteUnlessFresher(String id) throws IOException {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (!freshlyWritten.contains(id)) {
                index.delete(id);
            }
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockFor(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }
}
