package dev.packyard.registry.packs;

import dev.packyard.packs.PackState;
import dev.packyard.resolver.PackCandidate;
import dev.packyard.resolver.PackSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The registry's packs as the resolver sees them: every stored version of a pack name, under every base path, with
 * its manifest digest (what a lock pins) and the state the catalog recorded. A pack under a base path carries that
 * path as its registry, so a profile layer can name it.
 */
final class CatalogPackSource implements PackSource {

    private final PackCatalog catalog;
    private final PackContents contents;

    CatalogPackSource(PackCatalog catalog, PackContents contents) {
        this.catalog = catalog;
        this.contents = contents;
    }

    @Override
    public List<PackCandidate> candidates(String packName) {
        List<PackCandidate> candidates = new ArrayList<>();
        for (PackCatalog.PackEntry entry : catalog.pack(packName)) {
            String base = entry.repository().base();
            for (PackVersionRecord record : entry.versions()) {
                try {
                    candidates.add(new PackCandidate(contents.of(record), record.digest(),
                            base.isEmpty() ? Optional.empty() : Optional.of(base), Optional.of(record.repository()),
                            state(record.state())));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read pack " + packName + " " + record.version(), e);
                }
            }
        }
        return candidates;
    }

    private static PackState state(String id) {
        return Arrays.stream(PackState.values()).filter(s -> s.id().equals(id)).findFirst().orElse(PackState.ACTIVE);
    }
}
