package dev.packyard.registry.search;

import dev.packyard.registry.http.ApiException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the user's text into a Lucene query. Lucene's classic query syntax is accepted (phrases, {@code AND}/{@code OR},
 * {@code -term}, {@code field:term}, {@code term*}), with every word required by default; each plain word is then
 * looked for in every text field, with names, display names and keywords weighing more than descriptions and
 * READMEs, and as a prefix (so {@code cert} finds cert-manager). A word the index does not hold at all is taken for a
 * typo and matched within one edit from 4 letters, two from 7 ({@code promethus}, {@code ciliun}) in names, display
 * names, keywords and descriptions. An exact match of the whole name ranks first.
 *
 * <p>Why only unknown words: a fuzzy word costs Levenshtein automata per field (milliseconds each for two edits), and
 * a word that is in the index already finds what it names.
 */
final class TextQueries {

    /** The field the parser puts words without a field in; expanded into the real fields, never indexed. */
    private static final String ANY = "_any";

    /** Field weights for a word as typed, its prefix and its fuzzy variants (0: none); prose weighs least. */
    private static final Map<String, float[]> WEIGHTS = Map.of(
            SearchFields.NAME, new float[] {8f, 4f, 3f},
            SearchFields.DISPLAY_NAME, new float[] {6f, 3f, 2f},
            SearchFields.KEYWORDS, new float[] {5f, 2f, 2f},
            SearchFields.DESCRIPTION, new float[] {3f, 1f, 1f},
            SearchFields.README, new float[] {1f, 0.3f, 0f},
            SearchFields.DETAILS, new float[] {1f, 0.3f, 0f});
    private static final float EXACT_NAME_BOOST = 20f;

    private final Analyzer analyzer;

    TextQueries(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * The query for {@code text}; everything for blank text. Syntax errors are a 400 naming where they are.
     *
     * @param known whether the index holds a word (in any text field)
     */
    Query parse(String text, Predicate<String> known) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        QueryParser parser = new QueryParser(ANY, analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setAllowLeadingWildcard(false);
        Query parsed;
        try {
            parsed = parser.parse(trimmed);
        } catch (ParseException | TokenMgrError e) {
            throw ApiException.badRequest("q is not a valid query: " + explain(e) + ". Put phrases between two "
                    + "double quotes, and write a \\ before the characters + - && || ! ( ) { } [ ] ^ \" ~ * ? : / to "
                    + "search for them literally");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("q is not a valid query: " + e.getMessage());
        }
        Query expanded = expand(parsed, known);
        return new BooleanQuery.Builder()
                .add(expanded, BooleanClause.Occur.MUST)
                .add(new BoostQuery(new TermQuery(new Term(SearchFields.NAME_EXACT, trimmed.toLowerCase(Locale.ROOT))),
                        EXACT_NAME_BOOST), BooleanClause.Occur.SHOULD)
                .build();
    }

    private static String explain(Throwable e) {
        String message = String.valueOf(e.getMessage());
        // Lucene prefixes "Cannot parse '<the whole query>': "; the user knows their query.
        int colon = message.indexOf("': ");
        if (message.startsWith("Cannot parse '") && colon > 0) {
            message = message.substring(colon + 3);
        }
        return message.replace('\n', ' ').strip();
    }

    /** Replaces every query on {@link #ANY} with the same query over the text fields, weighted. */
    private static Query expand(Query query, Predicate<String> known) {
        if (query instanceof BooleanQuery bool) {
            BooleanQuery.Builder builder = new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
            for (BooleanClause clause : bool.clauses()) {
                builder.add(expand(clause.query(), known), clause.occur());
            }
            return builder.build();
        }
        if (query instanceof BoostQuery boost) {
            return new BoostQuery(expand(boost.getQuery(), known), boost.getBoost());
        }
        if (query instanceof TermQuery term && term.getTerm().field().equals(ANY)) {
            String word = term.getTerm().text();
            return word(word, known.test(word));
        }
        if (query instanceof PhraseQuery phrase && phrase.getField().equals(ANY)) {
            List<Query> perField = new ArrayList<>();
            WEIGHTS.forEach((field, weights) -> {
                PhraseQuery.Builder builder = new PhraseQuery.Builder().setSlop(phrase.getSlop());
                Term[] terms = phrase.getTerms();
                for (int i = 0; i < terms.length; i++) {
                    builder.add(new Term(field, terms[i].text()), phrase.getPositions()[i]);
                }
                perField.add(new BoostQuery(builder.build(), weights[0]));
            });
            return new DisjunctionMaxQuery(perField, 0.1f);
        }
        if (query instanceof PrefixQuery prefix && prefix.getPrefix().field().equals(ANY)) {
            return anyField(field -> new PrefixQuery(new Term(field, prefix.getPrefix().text())), 1);
        }
        if (query instanceof WildcardQuery wildcard && wildcard.getTerm().field().equals(ANY)) {
            return anyField(field -> new WildcardQuery(new Term(field, wildcard.getTerm().text())), 1);
        }
        if (query instanceof FuzzyQuery fuzzy && fuzzy.getTerm().field().equals(ANY)) {
            return anyField(field -> new FuzzyQuery(new Term(field, fuzzy.getTerm().text()), fuzzy.getMaxEdits(),
                    fuzzy.getPrefixLength()), 2);
        }
        return query; // a field the user named, a range, a regular expression: as written
    }

    private static Query anyField(java.util.function.Function<String, Query> perField, int weight) {
        List<Query> queries = new ArrayList<>();
        WEIGHTS.forEach((field, weights) -> {
            if (weights[weight] > 0) {
                queries.add(new BoostQuery(perField.apply(field), weights[weight]));
            }
        });
        return new DisjunctionMaxQuery(queries, 0.1f);
    }

    /** One word, anywhere: as typed, as a prefix, and if unknown with typos forgiven; the best field's score counts. */
    private static Query word(String word, boolean known) {
        List<Query> queries = new ArrayList<>();
        int edits = known ? 0 : word.length() >= 7 ? 2 : word.length() >= 4 ? 1 : 0;
        boolean prefix = word.length() >= 2;
        WEIGHTS.forEach((field, weights) -> {
            queries.add(new BoostQuery(new TermQuery(new Term(field, word)), weights[0]));
            if (prefix) {
                queries.add(new BoostQuery(new PrefixQuery(new Term(field, word)), weights[1]));
            }
            if (edits > 0 && weights[2] > 0) {
                queries.add(new BoostQuery(new FuzzyQuery(new Term(field, word), edits, 1), weights[2]));
            }
        });
        return new DisjunctionMaxQuery(queries, 0.1f);
    }
}
