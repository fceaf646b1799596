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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-memory index of every pack version in the registry, built from the pack records in storage at start-up
 * and refreshed whenever a pack repository changes. Answers the catalog API's queries without touching storage.
 */
public final class PackCatalog {

    private static final Logger LOG = Logger.getLogger(PackCatalog.class.getName());

    /** Versions newest first (every stored version passed validation, so it parses). */
    static final Comparator<PackVersionRecord> NEWEST_FIRST =
            Comparator.comparing((PackVersionRecord r) -> PackVersion.parse(r.version()).orElseThrow()).reversed();

    private final PackRecords records;
    /** Entries are built once per change, so queries never re-parse versions. */
    private final Map<RepositoryName, PackEntry> byRepository = new ConcurrentHashMap<>();
    /** Bumped by every refresh, so views derived from the catalog (the packs' Helm charts) know to rebuild. */
    private final AtomicLong changes = new AtomicLong();
    /** Told of every refresh, after the entry changed; views that must follow at once (search) hook in here. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

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
                versions += refresh(repository).map(entry -> entry.versions().size()).orElse(0);
            }
        }
        int packs = byRepository.size();
        int total = versions;
        LOG.info(() -> "pack catalog: " + packs + " packs, " + total + " versions, loaded in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** Re-reads one repository's records; returns its entry, or empty when it holds no pack version any more. */
    Optional<PackEntry> refresh(RepositoryName repository) throws IOException {
        List<PackVersionRecord> versions = new ArrayList<>(records.read(repository));
        versions.sort(NEWEST_FIRST);
        try {
            if (versions.isEmpty()) {
                byRepository.remove(repository);
                return Optional.empty();
            }
            PackEntry entry = PackEntry.of(PackRepository.of(repository).orElseThrow(), versions);
            byRepository.put(repository, entry);
            return Optional.of(entry);
        } finally {
            changes.incrementAndGet();
            notifyListeners(repository);
        }
    }

    /** Something that follows the catalog: called after every refresh of a pack repository, on the refreshing thread. */
    @FunctionalInterface
    public interface Listener {
        void changed(PackRepository repository);
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * A listener keeps a derived view (a cache) in step; its failure must not fail the push or delete that caused
     * the refresh, whose storage change has happened already, so it is logged and the view stays a little stale.
     */
    private void notifyListeners(RepositoryName repository) {
        Optional<PackRepository> pack = PackRepository.of(repository);
        if (pack.isEmpty()) {
            return;
        }
        for (Listener listener : listeners) {
            try {
                listener.changed(pack.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a view of the pack catalog could not follow the change of " + repository, e);
            }
        }
    }

    /** The entry of one pack repository, as the catalog holds it now. */
    public Optional<PackEntry> entry(RepositoryName repository) {
        return Optional.ofNullable(byRepository.get(repository));
    }

    /** A number that changes after every refresh. */
    long changes() {
        return changes.get();
    }

    /** Every pack (one entry per repository), ordered by name then repository. */
    public List<PackEntry> packs() {
        return byRepository.values().stream()
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
        PackEntry entry = byRepository.get(repository);
        return entry == null ? List.of() : entry.versions();
    }

    /**
     * One pack's versions in one repository, newest first; its latest: the newest version that is released (not
     * pre-release) and not deleted, else the newest not deleted; and its train tags, each mapped to the version it
     * points at. Derived once per change, so neither queries nor train-tag upkeep re-parse versions.
     */
    public record PackEntry(PackRepository repository, List<PackVersionRecord> versions, PackVersionRecord latest,
                            Map<String, PackVersionRecord> trains) {

        static PackEntry of(PackRepository repository, List<PackVersionRecord> newestFirst) {
            PackVersionRecord latest = newestFirst.stream().filter(v -> !v.state().equals("deleted") && !prerelease(v))
                    .findFirst()
                    .or(() -> newestFirst.stream().filter(v -> !v.state().equals("deleted")).findFirst())
                    .orElse(newestFirst.get(0));
            Map<PackVersion, PackVersionRecord> eligible = new java.util.HashMap<>();
            for (PackVersionRecord record : newestFirst) {
                if (!record.state().equals("deleted")) {
                    PackVersion.parse(record.version()).ifPresent(version -> eligible.putIfAbsent(version, record));
                }
            }
            Map<String, PackVersionRecord> trains = new java.util.TreeMap<>();
            PackTrains.trains(eligible.keySet()).forEach((tag, version) -> trains.put(tag, eligible.get(version)));
            return new PackEntry(repository, List.copyOf(newestFirst), latest, java.util.Collections.unmodifiableMap(trains));
        }

        public Optional<PackVersionRecord> version(String version) {
            return versions.stream().filter(v -> v.version().equals(version)).findFirst();
        }

        /** The train tags pointing at {@code version}. */
        public List<String> trainTagsOf(String version) {
            return trains.entrySet().stream().filter(e -> e.getValue().version().equals(version)).map(Map.Entry::getKey)
                    .toList();
        }

        private static boolean prerelease(PackVersionRecord record) {
            return PackVersion.parse(record.version()).map(PackVersion::isPrerelease).orElse(true);
        }
    }
}
