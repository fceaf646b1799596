package dev.packyard.registry.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Lucene index on local disk: a cache of storage, so whatever is wrong with it (missing, corrupt, another schema,
 * a rebuild that never finished) is answered by starting it afresh. Changes become searchable when {@link #refresh()}
 * returns (near-real-time readers); commits only save a restart the rebuild, so they happen now and then and on close.
 */
final class SearchIndex implements Closeable {

    /** Bump on any change of fields or analysis: an index of another version is rebuilt. */
    static final int SCHEMA_VERSION = 3;
    private static final String SCHEMA_KEY = "packyard.search.schema";
    /** "false" while a rebuild runs: a commit made half-way must not pass for a full index after a crash. */
    private static final String COMPLETE_KEY = "packyard.search.complete";
    /** With no one waiting, changes become searchable within this time anyway. */
    private static final double MAX_STALE_SECONDS = 1.0;
    /**
     * How long a change waits at most for others to share its new searcher: opening one costs a flush and a reader
     * per call, which one per push made the largest cost of a push under load.
     */
    private static final double MIN_STALE_SECONDS = 0.01;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final SearchDocuments documents;
    /** Opens new searchers for the changes pushes wait on, one searcher for all changes of a few milliseconds. */
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
    private volatile boolean complete;

    private SearchIndex(Directory directory, IndexWriter writer, boolean complete) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.documents = new SearchDocuments(SearchDocuments.facetsConfig());
        this.complete = complete;
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers, MAX_STALE_SECONDS, MIN_STALE_SECONDS);
        reopener.setName("packyard-search-reopen");
        reopener.setDaemon(true);
        reopener.start();
    }

    /** What opening found: the index, and why it must be rebuilt (empty when it is good as it is). */
    record Opened(SearchIndex index, Optional<String> rebuildReason) {
    }

    /** Opens the index in {@code folder}, or creates an empty one there when the existing one can't be trusted. */
    static Opened open(Path folder, Analyzer analyzer) throws IOException {
        Files.createDirectories(folder);
        Optional<String> problem = problem(folder);
        if (problem.isPresent()) {
            clear(folder);
        }
        Directory directory = FSDirectory.open(folder);
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(problem.isPresent() ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND)
                    // Opening a searcher would otherwise wait for the tiny new segments to be merged; merging them
                    // in the background keeps a push from paying for it.
                    .setMaxFullFlushMergeWaitMillis(0);
            IndexWriter writer = new IndexWriter(directory, config);
            return new Opened(new SearchIndex(directory, writer, problem.isEmpty()), problem);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** Why the index in {@code folder} can't be used as it is, if it can't. */
    private static Optional<String> problem(Path folder) {
        try (Directory directory = FSDirectory.open(folder)) {
            if (!DirectoryReader.indexExists(directory)) {
                return Optional.of("no index yet");
            }
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            if (!String.valueOf(SCHEMA_VERSION).equals(data.get(SCHEMA_KEY))) {
                return Optional.of("schema version " + data.getOrDefault(SCHEMA_KEY, "unknown") + ", not "
                        + SCHEMA_VERSION);
            }
            if (!"true".equals(data.get(COMPLETE_KEY))) {
                return Optional.of("the last rebuild did not finish");
            }
            try (CheckIndex check = new CheckIndex(directory)) {
                check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
                CheckIndex.Status status = check.checkIndex();
                if (!status.clean) {
                    return Optional.of("it is corrupt (checksums)");
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("it can't be read (" + e + ")");
        }
    }

    private static void clear(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(folder)) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * Adds or replaces the document of {@code item}; searchable after the next {@link #refresh()}, or when
     * {@link #awaitSearchable} with the change number returned here returns.
     */
    long put(SearchItem item) throws IOException {
        return writer.updateDocument(new Term(SearchFields.ID, item.id()), documents.of(item));
    }

    /** Deletes a document; returns the change number, as {@link #put} does. */
    long delete(String id) throws IOException {
        return writer.deleteDocuments(new Term(SearchFields.ID, id));
    }

    /** Returns when the change numbered {@code change} (and every earlier one) is searchable. */
    void awaitSearchable(long change) throws IOException {
        try {
            reopener.waitForGeneration(change);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a change to become searchable");
        }
    }

    /** Makes every change so far searchable; returns when it is. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Runs {@code search} on the newest searcher. */
    <T> T search(SearchFunction<T> search) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return search.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    @FunctionalInterface
    interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** The fingerprint of every document whose id starts with {@code prefix}, by id. */
    Map<String, String> fingerprints(String prefix) throws IOException {
        return search(searcher -> {
            Map<String, String> fingerprints = new HashMap<>();
            int count = Math.max(1, searcher.getIndexReader().numDocs());
            TopDocs all = searcher.search(new MatchAllDocsQuery(), count);
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : all.scoreDocs) {
                Document doc = stored.document(hit.doc, Set.of(SearchFields.ID, SearchFields.FINGERPRINT));
                String id = doc.get(SearchFields.ID);
                if (id != null && id.startsWith(prefix)) {
                    fingerprints.put(id, doc.get(SearchFields.FINGERPRINT));
                }
            }
            return fingerprints;
        });
    }

    /** The ids of documents matching {@code query}. */
    Set<String> ids(Query query) throws IOException {
        return search(searcher -> {
            Set<String> ids = new java.util.HashSet<>();
            TopDocs hits = searcher.search(query, Math.max(1, searcher.getIndexReader().numDocs()));
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : hits.scoreDocs) {
                ids.add(stored.document(hit.doc, Set.of(SearchFields.ID)).get(SearchFields.ID));
            }
            return ids;
        });
    }

    /** Marks the index as holding everything (a rebuild finished) or not (one started), and commits. */
    void complete(boolean value) throws IOException {
        complete = value;
        commit();
    }

    /** Whether every document is in: false while a rebuild runs. */
    boolean isComplete() {
        return complete;
    }

    /** Commits if anything changed since the last commit; returns whether it did. */
    boolean commitIfChanged() throws IOException {
        if (!writer.hasUncommittedChanges()) {
            return false;
        }
        commit();
        return true;
    }

    private synchronized void commit() throws IOException {
        writer.setLiveCommitData(Map.of(SCHEMA_KEY, String.valueOf(SCHEMA_VERSION),
                COMPLETE_KEY, String.valueOf(complete)).entrySet());
        writer.commit();
    }

    @Override
    public void close() throws IOException {
        reopener.close();
        try (directory; writer; searchers) {
            if (writer.isOpen()) {
                commit();
            }
        }
    }
}
