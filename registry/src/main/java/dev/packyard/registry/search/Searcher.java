package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.http.ApiException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs a {@link SearchRequest} against the index: one pass finds the page of hits and counts the facets. */
final class Searcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET_PASSAGES = 1;
    /** Enough for any README worth reading; longer ones are highlighted in their first 100,000 characters. */
    private static final int HIGHLIGHT_MAX_LENGTH = 100_000;
    /** Searches waiting for a thread; a few seconds of work at the slowest queries' pace. */
    private static final int QUEUE_LENGTH = 256;
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("(?m)^[ \\t]*#{1,6}[ \\t]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final SearchIndex index;
    private final Analyzer analyzer;
    private final TextQueries textQueries;
    private final ExecutorService queries;
    /** Facet ordinals of one reader; rebuilt when a refresh brings a new reader. */
    private volatile FacetState facetState;

    private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state) {
    }

    Searcher(SearchIndex index, Analyzer analyzer) {
        this.index = index;
        this.analyzer = analyzer;
        this.textQueries = new TextQueries(analyzer);
        int threads = Runtime.getRuntime().availableProcessors();
        this.queries = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_LENGTH), Thread.ofPlatform().name("packyard-search-", 1).daemon().factory());
    }

    /** Stops taking queries; those running finish. */
    @Override
    public void close() {
        queries.shutdown();
    }

    /**
     * Runs {@code request} on the query pool and waits for it. A query is CPU work from start to end; on the request's
     * virtual thread it would hold one of the few carrier threads until done, and under load some requests waited
     * seconds behind others. The pool's FIFO queue serves them in arrival order, and a full queue is a 503 rather
     * than an ever longer wait.
     */
    SearchResult search(SearchRequest request) throws IOException {
        Future<SearchResult> answer;
        try {
            answer = queries.submit(() -> searchNow(request));
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "UNAVAILABLE", "too many searches are waiting (" + QUEUE_LENGTH + "); retry "
                    + "in a moment");
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(false); // an interrupt during Lucene I/O would close the index files under the query
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a search");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    private SearchResult searchNow(SearchRequest request) throws IOException {
        boolean scored = !request.text().isBlank() && !request.byName();
        SortField byName = new SortField(SearchFields.NAME_SORT, SortField.Type.STRING, request.descending());
        Sort sort = scored ? new Sort(SortField.FIELD_SCORE, byName) : new Sort(byName);
        try {
            return index.search(searcher -> {
                Query text = textQueries.parse(request.text(), word -> known(searcher.getIndexReader(), word));
                Query query = FunctionScoreQuery.boostByValue(withFilters(text, request),
                        DoubleValuesSource.fromDoubleField(SearchFields.RANK));
                return run(searcher, request, query, sort);
            });
        } catch (IndexSearcher.TooManyClauses e) {
            throw ApiException.badRequest("q matches too many terms to search for (" + e.getMessage() + "); use "
                    + "longer prefixes or fewer wildcards");
        }
    }

    private SearchResult run(IndexSearcher searcher, SearchRequest request, Query parsed, Sort sort) throws IOException {
        // Rewritten once for both the search and the highlighter: a fuzzy word builds Levenshtein automata when it is
        // rewritten, and the highlighter would otherwise rewrite the query again for every field of every hit.
        Query query = searcher.rewrite(parsed);
        int wanted = request.offset() + request.limit();
        FacetsCollectorManager.FacetsResult result = FacetsCollectorManager.search(searcher, query, wanted, sort, true,
                new FacetsCollectorManager());
        ScoreDoc[] page = java.util.Arrays.copyOfRange(result.topDocs().scoreDocs,
                Math.min(request.offset(), result.topDocs().scoreDocs.length), result.topDocs().scoreDocs.length);
        Map<String, String[]> highlights = highlight(searcher, query, page, request.text().isBlank());
        List<ObjectNode> hits = new ArrayList<>();
        for (int i = 0; i < page.length; i++) {
            ObjectNode hit = (ObjectNode) JSON.readTree(searcher.storedFields()
                    .document(page[i].doc, Set.of(SearchFields.SUMMARY)).get(SearchFields.SUMMARY));
            String snippet = null;
            var matched = JSON.createArrayNode();
            for (String field : SearchFields.TEXT) {
                String highlighted = highlights.containsKey(field) ? highlights.get(field)[i] : null;
                if (highlighted != null) {
                    matched.add(field);
                    if (snippet == null) {
                        snippet = readable(highlighted);
                    }
                }
            }
            if (snippet == null) {
                hit.putNull("snippet");
            } else {
                hit.put("snippet", snippet);
            }
            hit.set("matched", matched);
            float score = page[i].score;
            hit.put("score", Float.isNaN(score) ? 0 : Math.round(score * 1000) / 1000.0);
            hits.add(hit);
        }
        return new SearchResult(result.topDocs().totalHits.value(), hits, facets(searcher, result), index.isComplete());
    }

    /** Whether any text field of the index holds {@code word}: a term dictionary look-up per field and segment. */
    private static boolean known(IndexReader reader, String word) {
        try {
            for (String field : SearchFields.TEXT) {
                if (reader.docFreq(new Term(field, word)) > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A snippet as one line of prose: a README's heading marks and line breaks mean nothing in a search hit. The
     * formatter escapes {@code /} too, which HTML text does not need and which made every URL unreadable.
     */
    static String readable(String snippet) {
        String prose = WHITESPACE.matcher(MARKDOWN_HEADING.matcher(snippet).replaceAll("")).replaceAll(" ").strip();
        return prose.replace("&#x2F;", "/");
    }

    private Map<String, String[]> highlight(IndexSearcher searcher, Query query, ScoreDoc[] page, boolean noText)
            throws IOException {
        if (noText || page.length == 0) {
            return Map.of();
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<em>", "</em>", " … ", true))
                .withMaxNoHighlightPassages(0)
                .withMaxLength(HIGHLIGHT_MAX_LENGTH)
                .withHandleMultiTermQuery(true)
                .build();
        int[] docs = new int[page.length];
        for (int i = 0; i < page.length; i++) {
            docs[i] = page[i].doc;
        }
        String[] fields = SearchFields.TEXT.toArray(String[]::new);
        int[] passages = new int[fields.length];
        java.util.Arrays.fill(passages, SNIPPET_PASSAGES);
        return highlighter.highlightFields(fields, query, docs, passages);
    }

    private Map<String, Map<String, Integer>> facets(IndexSearcher searcher, FacetsCollectorManager.FacetsResult result)
            throws IOException {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        SearchFields.FACETS.forEach(dimension -> counts.put(dimension, new LinkedHashMap<>()));
        SortedSetDocValuesReaderState state = facetState(searcher.getIndexReader());
        if (state == null) {
            return counts;
        }
        Facets facets = new SortedSetDocValuesFacetCounts(state, result.facetsCollector());
        for (String dimension : SearchFields.FACETS) {
            FacetResult top;
            try {
                top = facets.getTopChildren(1_000, dimension);
            } catch (IllegalArgumentException e) {
                continue; // no document has this dimension yet
            }
            if (top != null) {
                for (LabelAndValue label : top.labelValues) {
                    counts.get(dimension).put(label.label, label.value.intValue());
                }
            }
        }
        return counts;
    }

    private SortedSetDocValuesReaderState facetState(IndexReader reader) throws IOException {
        FacetState current = facetState;
        if (current != null && current.reader() == reader) {
            return current.state();
        }
        SortedSetDocValuesReaderState state;
        try {
            state = new DefaultSortedSetDocValuesReaderState(reader, SearchDocuments.facetsConfig());
        } catch (IllegalArgumentException e) {
            state = null; // an empty index has no facet field at all
        }
        facetState = new FacetState(reader, state);
        return state;
    }

    /** The text query with every filter of the request as a non-scoring clause. */
    private static Query withFilters(Query text, SearchRequest request) {
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST);
        anyOf(query, SearchFields.TYPE, request.types().stream().map(ItemType::id).toList());
        anyOf(query, SearchFields.LAYER, request.layers());
        anyOf(query, SearchFields.ADDON_TYPE, request.addonTypes());
        if (!request.cloudTypes().isEmpty()) {
            // A pack for "all" clouds runs on every cloud, as the catalog API has it.
            List<String> clouds = new ArrayList<>(request.cloudTypes());
            clouds.add("all");
            anyOf(query, SearchFields.CLOUD_TYPE, clouds);
        }
        anyOf(query, SearchFields.SOURCE, request.sources());
        anyOf(query, SearchFields.STATE, request.states());
        request.fips().ifPresent(fips -> anyOf(query, SearchFields.FIPS, List.of(fips.toString())));
        anyOf(query, SearchFields.REGISTRY, request.registries());
        request.nameMatch().ifPresent(match -> {
            String value = SearchDocuments.lower(match.value());
            Query name = switch (match.kind()) {
                case EQ -> new TermQuery(new Term(SearchFields.NAME_EXACT, value));
                case BEGINS_WITH -> new PrefixQuery(new Term(SearchFields.NAME_EXACT, value));
                case CONTAINS -> new WildcardQuery(new Term(SearchFields.NAME_EXACT,
                        "*" + value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?") + "*"));
            };
            query.add(name, BooleanClause.Occur.FILTER);
        });
        return query.build();
    }

    private static void anyOf(BooleanQuery.Builder query, String field, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String value : values) {
            any.add(new TermQuery(new Term(field, SearchDocuments.lower(value))), BooleanClause.Occur.SHOULD);
        }
        query.add(any.build(), BooleanClause.Occur.FILTER);
    }
}
