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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the search index equal to storage: rebuilds or reconciles it at start-up, and re-indexes the one pack or chart
 * a push or delete touched before that call is answered.
 *
 * <p>Every write of a document reads its source (the pack catalog, the Helm repositories) afresh under a lock for
 * that document, so whichever writer runs last (a start-up rebuild, or a push) writes the current state: the order in
 * which they run can't leave a stale document behind.
 */
final class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class.getName());
    private static final int PROGRESS_EVERY = 500;

    private final SearchIndex index;
    private final PackItems packs;
    private final ChartItems charts;
    private final ReentrantLock[] locks = new ReentrantLock[64];

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
            reindexPack(repository);
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
                reindexChart(shelfRepository, name);
            }
            index.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: could not follow the change of pack repository " + pack.repository()
                    + "; it is corrected at the next start", e);
        }
    }

    /** Re-indexes one chart after a push or delete; searchable on return. */
    void chartChanged(String helmRepository, String chartName) {
        try {
            reindexChart(helmRepository, chartName);
            index.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "search index: could not follow the change of chart " + chartName + " in Helm "
                    + "repository " + helmRepository + "; it is corrected at the next start", e);
        }
    }

    /** Builds every document from storage into an empty index, logging progress; queries meanwhile see a part. */
    void rebuild(String reason) throws IOException {
        long started = System.nanoTime();
        LOG.info(() -> "search index: rebuilding (" + reason + ")");
        index.complete(false);
        Map<String, String> packIds = packs.fingerprints();
        List<String[]> chartIds = new ArrayList<>();
        for (String repository : charts.repositories()) {
            for (String name : charts.names(repository)) {
                chartIds.add(new String[] {repository, name});
            }
        }
        int total = packIds.size() + chartIds.size();
        int done = 0;
        for (String id : packIds.keySet()) {
            reindexPack(id.substring("pack:".length()));
            done = progress(++done, total);
        }
        for (String[] chart : chartIds) {
            reindexChart(chart[0], chart[1]);
            done = progress(++done, total);
        }
        index.refresh();
        index.complete(true);
        int count = total;
        LOG.info(() -> "search index: rebuilt, " + count + " documents (" + packIds.size() + " packs, " + chartIds.size()
                + " charts) in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * Brings an index that opened fine up to date with storage, in case storage changed while this server was down
     * (another replica, a restore): re-indexes the documents whose fingerprint differs and drops those gone.
     */
    void reconcile() throws IOException {
        long started = System.nanoTime();
        int changed = 0;
        Map<String, String> indexedPacks = index.fingerprints("pack:");
        Map<String, String> currentPacks = packs.fingerprints();
        for (Map.Entry<String, String> pack : currentPacks.entrySet()) {
            if (!pack.getValue().equals(indexedPacks.get(pack.getKey()))) {
                reindexPack(pack.getKey().substring("pack:".length()));
                changed++;
            }
        }
        for (String id : indexedPacks.keySet()) {
            if (!currentPacks.containsKey(id)) {
                reindexPack(id.substring("pack:".length()));
                changed++;
            }
        }
        Map<String, String> indexedCharts = index.fingerprints("chart:");
        Map<String, String> currentCharts = new java.util.HashMap<>();
        for (String repository : charts.repositories()) {
            for (String name : charts.names(repository)) {
                String id = SearchItem.chartId(repository, name);
                currentCharts.put(id, "");
                Optional<SearchItem> item = charts.item(repository, name);
                if (item.isPresent() && !item.get().fingerprint().equals(indexedCharts.get(id))) {
                    reindexChart(repository, name);
                    changed++;
                }
            }
        }
        for (String id : indexedCharts.keySet()) {
            if (!currentCharts.containsKey(id)) {
                lockFor(id).lock();
                try {
                    index.delete(id);
                } finally {
                    lockFor(id).unlock();
                }
                changed++;
            }
        }
        index.refresh();
        int updated = changed;
        LOG.info(() -> "search index: opened, " + (currentPacks.size() + currentCharts.size()) + " documents, "
                + updated + " brought up to date with storage in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private int progress(int done, int total) throws IOException {
        if (done % PROGRESS_EVERY == 0) {
            index.refresh(); // queries during a rebuild see what is in so far
            LOG.info(() -> "search index: rebuilding, " + done + "/" + total + " documents");
        }
        return done;
    }

    private void reindexPack(String repository) throws IOException {
        String id = SearchItem.packId(repository);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            Optional<SearchItem> item = packs.item(repository);
            if (item.isPresent()) {
                index.put(item.get());
            } else {
                index.delete(id);
            }
        } finally {
            lock.unlock();
        }
    }

    private void reindexChart(String helmRepository, String chartName) throws IOException {
        String id = SearchItem.chartId(helmRepository, chartName);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            Optional<SearchItem> item = charts.item(helmRepository, chartName);
            if (item.isPresent()) {
                index.put(item.get());
            } else {
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
