package dev.packyard.registry.search;

import java.util.List;

/** The fields of the search index; their names are the schema, so a change here bumps {@link SearchIndex#SCHEMA_VERSION}. */
final class SearchFields {

    static final String ID = "id";
    static final String TYPE = "type";
    static final String FINGERPRINT = "fingerprint";
    /** The hit as JSON, so a page of hits needs no more than one stored-field read per hit. */
    static final String SUMMARY = "summary";
    /** The score multiplier of the item's lifecycle state: deprecated, disabled and deleted packs sink. */
    static final String RANK = "rank";

    // Text, analyzed with SearchAnalyzers.words() and stored for highlighting.
    static final String NAME = "name";
    static final String DISPLAY_NAME = "displayName";
    static final String KEYWORDS = "keywords";
    static final String DESCRIPTION = "description";
    static final String README = "readme";
    static final String DETAILS = "details";
    /** The text fields, in the order a snippet is taken from the first that matched. */
    static final List<String> TEXT = List.of(README, DESCRIPTION, KEYWORDS, DISPLAY_NAME, NAME, DETAILS);

    /** The whole name, lower-cased: exact name matches and Palette's name filters. */
    static final String NAME_EXACT = "name_exact";
    static final String NAME_SORT = "name_sort";

    // Filters: exact, lower-cased terms.
    static final String LAYER = "layer";
    static final String ADDON_TYPE = "addonType";
    static final String CLOUD_TYPE = "cloudType";
    static final String SOURCE = "source";
    static final String STATE = "state";
    static final String FIPS = "fips";
    static final String REGISTRY = "registry";
    static final String PROVIDED_BY = "providedBy";

    /** Facet dimensions, counted over the same matches as the hits. */
    static final List<String> FACETS = List.of(TYPE, LAYER, ADDON_TYPE, CLOUD_TYPE);

    private SearchFields() {
    }
}
