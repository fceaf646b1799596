package dev.packyard.registry.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;

import java.util.regex.Pattern;

/**
 * How text becomes terms. One analyzer for names and prose alike: split on anything that is not a letter or digit, so
 * {@code kube-prometheus-stack}, {@code csi_nfs} and {@code argo.cd} are found by each part (the standard tokenizer
 * keeps {@code a_b} and {@code a.b} whole), then lower-case and fold accents. Whole names are indexed separately as
 * keywords ({@link SearchFields#NAME_EXACT}) for exact matches.
 */
final class SearchAnalyzers {

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchAnalyzers() {
    }

    static Analyzer words() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new PatternTokenizer(SEPARATORS, -1);
                TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }
}
