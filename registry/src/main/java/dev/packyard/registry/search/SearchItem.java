package dev.packyard.registry.search;

import java.util.List;

/**
 * What the search index holds about one pack or chart: the text it is found by, the values it is filtered and
 * counted by, and what a hit shows. Built from storage-backed state only, so the index can always be rebuilt.
 *
 * @param id          unique in the index: {@code pack:<OCI repository>} or {@code chart:<Helm repository>/<name>}
 * @param repository  the pack's OCI repository, or the chart's Helm repository
 * @param details     more text to be found by that is not worth a field of its own (annotations, maintainers, ...)
 * @param fips        whether the pack is FIPS-compliant; null for charts
 * @param registry    the pack's base path ({@code ""} for none); null for charts
 * @param providedBy  for charts shipped inside packs, the pack repositories that ship them
 * @param latestManifest the latest version's manifest as {@code <OCI repository>@<digest>}; null for a chart that is
 *                    only shipped inside packs
 * @param fingerprint changes whenever the source changes, so a stale document can be told from a current one
 */
record SearchItem(ItemType type, String id, String name, String displayName, String repository, String description,
                  String readme, List<String> keywords, String details, String layer, String addonType,
                  String addonSubType, List<String> cloudTypes, List<String> versions, String latestVersion,
                  String source, String state, Boolean fips, String registry, List<String> providedBy,
                  String latestManifest, String fingerprint) {

    SearchItem {
        keywords = List.copyOf(keywords);
        cloudTypes = List.copyOf(cloudTypes);
        versions = List.copyOf(versions);
        providedBy = List.copyOf(providedBy);
    }

    static String packId(String ociRepository) {
        return "pack:" + ociRepository;
    }

    static String chartId(String helmRepository, String chartName) {
        return "chart:" + helmRepository + "/" + chartName;
    }
}
