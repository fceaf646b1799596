package dev.packyard.registry.packs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What the registry keeps about one pushed pack version, written when the push is accepted: the pack's identity
 * and the summary fields the catalog filters on, the manifest and tarball digests, and the raw {@code pack.json}.
 * Rebuildable from the pushed manifests; kept so the catalog never needs a tarball to list packs.
 */
public record PackVersionRecord(String repository, String name, String version, String displayName, String layer,
                                String addonType, String addonSubType, List<String> cloudTypes, String group,
                                Map<String, String> annotations, String state, boolean fips, String source,
                                String digest, String layerDigest, long layerSize, String pushedAt, JsonNode packJson) {
}
