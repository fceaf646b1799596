package dev.packyard.registry.packs;

import dev.packyard.packs.PackVersion;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.RepositoryCatalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The in-memory index of every pack version in the registry, built from the pack records in storage at start-up
 * and refreshed whenever a pack repository changes. Answers the catalog API's queries without touching storage.
 */
public final class PackCatalog {

    private static final Logger LOG = Logger.getLogger(PackCatalog.class.getName());

    /** Versions newest first; unreadable versions (never accepted by validation) sort last. */
    static final Comparator<PackVersionRecord> NEWEST_FIRST = Comparator.comparing(
            (PackVersionRecord r) -> PackVersion.parse(r.version()),
            (a, b) -> a.isPresent() && b.isPresent() ? b.get().compareTo(a.get()) : Boolean.compare(b.isPresent(), a.isPresent()));

    private final PackRecords records;
    private final Map<RepositoryName, List<PackVersionRecord>> byRepository = new ConcurrentHashMap<>();

    PackCatalog(PackRecords records) {
        this.records = records;
    }

    /** Reads every pack repository's records; logs how many packs it found. */
    void load(RepositoryCatalog repositories) throws IOException {
        long started = System.nanoTime();
        int versions = 0;
        for (String name : repositories.names()) {
            RepositoryName repository = new RepositoryName(name);
            if (PackRepository.of(repository).isPresent()) {
                versions += refresh(repository).size();
            }
        }
        int packs = byRepository.size();
        int total = versions;
        LOG.info(() -> "pack catalog: " + packs + " packs, " + total + " versions, loaded in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** Re-reads one repository's records; returns its versions, newest first. */
    List<PackVersionRecord> refresh(RepositoryName repository) throws IOException {
        List<PackVersionRecord> versions = new ArrayList<>(records.read(repository));
        versions.sort(NEWEST_FIRST);
        if (versions.isEmpty()) {
            byRepository.remove(repository);
        } else {
            byRepository.put(repository, List.copyOf(versions));
        }
        return versions;
    }

    /** Every pack (one entry per repository), ordered by name then repository. */
    public List<PackEntry> packs() {
        return byRepository.entrySet().stream()
                .map(e -> new PackEntry(PackRepository.of(e.getKey()).orElseThrow(), e.getValue()))
                .sorted(Comparator.comparing((PackEntry p) -> p.repository().name())
                        .thenComparing(p -> p.repository().repository().value()))
                .toList();
    }

    /** The packs named {@code name} (one per base path that holds it). */
    public List<PackEntry> pack(String name) {
        return packs().stream().filter(p -> p.repository().name().equals(name)).toList();
    }

    /** The version records of one repository, newest first. */
    public List<PackVersionRecord> versions(RepositoryName repository) {
        return byRepository.getOrDefault(repository, List.of());
    }

    /** One pack's versions in one repository, newest first. */
    public record PackEntry(PackRepository repository, List<PackVersionRecord> versions) {

        /** The newest version that is released (not pre-release) and not deleted, else the newest not deleted. */
        public PackVersionRecord latest() {
            return versions.stream().filter(v -> !v.state().equals("deleted") && !prerelease(v)).findFirst()
                    .or(() -> versions.stream().filter(v -> !v.state().equals("deleted")).findFirst())
                    .orElse(versions.get(0));
        }

        public Optional<PackVersionRecord> version(String version) {
            return versions.stream().filter(v -> v.version().equals(version)).findFirst();
        }

        private static boolean prerelease(PackVersionRecord record) {
            return PackVersion.parse(record.version()).map(PackVersion::isPrerelease).orElse(true);
        }
    }
}
