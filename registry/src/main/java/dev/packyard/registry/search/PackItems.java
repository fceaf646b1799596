package dev.packyard.registry.search;

import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.packs.PackCatalog;
import dev.packyard.registry.packs.PackFeature;
import dev.packyard.registry.packs.PackVersionRecord;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Search items for packs: one per pack repository, from the pack catalog and the README of the latest version. */
final class PackItems {

    private final PackFeature packs;

    PackItems(PackFeature packs) {
        this.packs = packs;
    }

    /** Every pack repository, cheaply: its id and the fingerprint its item would have. */
    Map<String, String> fingerprints() {
        Map<String, String> fingerprints = new TreeMap<>();
        for (PackCatalog.PackEntry entry : packs.catalog().packs()) {
            fingerprints.put(SearchItem.packId(entry.repository().repository().value()), fingerprint(entry));
        }
        return fingerprints;
    }

    /** The item of one pack repository as the catalog holds it now; empty when it holds no version any more. */
    Optional<SearchItem> item(String repository) throws IOException {
        Optional<PackCatalog.PackEntry> entry = packs.catalog().entry(new RepositoryName(repository));
        return entry.isEmpty() ? Optional.empty() : Optional.of(item(entry.get()));
    }

    private SearchItem item(PackCatalog.PackEntry entry) throws IOException {
        PackVersionRecord latest = entry.latest();
        String readme = packs.readme(latest).orElse(null);
        Map<String, String> annotations = latest.annotations() == null ? Map.of() : latest.annotations();
        String details = annotations.entrySet().stream()
                .filter(e -> !e.getKey().equals("description"))
                .map(Map.Entry::getValue)
                .collect(Collectors.joining(" ")) + " " + nullToEmpty(latest.addonSubType()) + " "
                + nullToEmpty(latest.group());
        return new SearchItem(ItemType.PACK, SearchItem.packId(entry.repository().repository().value()),
                entry.repository().name(), latest.displayName(), entry.repository().repository().value(),
                annotations.get("description"), readme, List.of(), details.strip(), latest.layer(), latest.addonType(),
                latest.addonSubType(), latest.cloudTypes() == null ? List.of() : latest.cloudTypes(),
                entry.versions().stream().map(PackVersionRecord::version).toList(), latest.version(), latest.source(),
                latest.state(), latest.fips(), entry.repository().base(), List.of(),
                entry.repository().repository().value() + "@" + latest.digest(), fingerprint(entry));
    }

    /** Every version's manifest and state: what a push, delete or state change alters. */
    private static String fingerprint(PackCatalog.PackEntry entry) {
        StringBuilder text = new StringBuilder();
        for (PackVersionRecord version : entry.versions()) {
            text.append(version.version()).append('=').append(version.digest()).append('/').append(version.state()).append(';');
        }
        return Fingerprints.of(text.toString());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
