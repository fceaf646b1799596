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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a {@link SearchRequest} against the index: one pass finds the page of hits and counts the facets. */
final class Searcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET_PASSAGES = 1;
    /** Enough for any README worth reading; longer ones are highlighted in their first 100,000 characters. */
    private static final int HIGHLIGHT_MAX_LENGTH = 100_000;

    private final SearchIndex index;
    private final Analyzer analyzer;
    private final TextQueries textQueries;
    /** Facet ordinals of one reader; rebuilt when a refresh brings a new reader. */
    private volatile FacetState facetState;

    private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state) {
    }

    Searcher(SearchIndex index, Analyzer analyzer) {
        this.index = index;
        this.analyzer = analyzer;
        this.textQueries = new TextQueries(analyzer);
    }

    SearchResult search(SearchRequest request) throws IOException {
        Query text = textQueries.parse(request.text());
        boolean scored = !request.text().isBlank() && !request.byName();
        Query query = FunctionScoreQuery.boostByValue(withFilters(text, request),
                DoubleValuesSource.fromDoubleField(SearchFields.RANK));
        SortField byName = new SortField(SearchFields.NAME_SORT, SortField.Type.STRING, request.descending());
        Sort sort = scored ? new Sort(SortField.FIELD_SCORE, byName) : new Sort(byName);
        try {
            return index.search(searcher -> run(searcher, request, query, sort));
        } catch (IndexSearcher.TooManyClauses e) {
            throw ApiException.badRequest("q matches too many terms to search for (" + e.getMessage() + "); use "
                    + "longer prefixes or fewer wildcards");
        }
    }

    private SearchResult run(IndexSearcher searcher, SearchRequest request, Query query, Sort sort) throws IOException {
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
                        snippet = highlighted;
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
