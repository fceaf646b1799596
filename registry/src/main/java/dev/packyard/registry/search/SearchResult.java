package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * One page of hits, how many matched in all, and facet counts over all matches (not just the page).
 *
 * @param hits     each hit as its JSON object: the stored summary plus snippet, matched fields and score
 * @param complete false while the index is being rebuilt: there may be more matches than it knows yet
 */
record SearchResult(long total, List<ObjectNode> hits, Map<String, Map<String, Integer>> facets, boolean complete) {
}
