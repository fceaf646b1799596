package dev.packyard.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.packyard.packs.Dependency;
import dev.packyard.packs.DependencyType;
import dev.packyard.packs.Layer;
import dev.packyard.packs.PackState;
import dev.packyard.packs.PackVersion;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import dev.packyard.resolver.lock.LockedProfile;
import dev.packyard.resolver.profile.PackLayer;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileLayer;
import dev.packyard.resolver.profile.ProfileType;
import dev.packyard.resolver.reference.VersionReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests over generated catalogs and profiles (seeded, so reproducible): whatever the resolver returns
 * satisfies every constraint, judged by a checker written separately from the resolver; and it returns exactly what
 * a brute-force search over every combination finds best (newest first layer, then second, ...), or fails exactly
 * when brute force finds nothing.
 */
class GeneratedCatalogTest {

    private static final int CASES = 500;

    /** One generated case. */
    record Case(long seed, Profile profile, List<PackCandidate> catalog, Map<String, String> previous) {
    }

    @Test
    void resolverAgreesWithBruteForce() {
        Resolver resolver = new Resolver();
        int solved = 0;
        int unsolvable = 0;
        int backtracked = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(20_240_000L + i);
            List<PackCandidate> best = bruteForce(c);
            Lock lock = null;
            String failure = null;
            try {
                lock = c.previous.isEmpty() ? resolver.resolve(c.profile, PackSource.of(c.catalog))
                        : resolver.update(c.profile, PackSource.of(c.catalog), previousLock(c)).lock();
            } catch (ResolutionException e) {
                failure = e.getMessage();
            }
            String context = describe(c) + (failure == null ? "\nlock: " + versions(lock) : "\nfailure: " + failure);
            if (best == null) {
                assertNull(lock, () -> "brute force finds no solution, but the resolver returned one\n" + context);
                unsolvable++;
                continue;
            }
            assertNotNull(lock, () -> "brute force finds " + names(best) + ", but the resolver failed\n" + context);
            List<PackCandidate> chosen = fromLock(c, lock);
            String violation = Checker.violation(c, chosen);
            assertNull(violation, () -> "the lock breaks a constraint: " + violation + "\n" + context);
            assertEquals(names(best), names(chosen), () -> "not the best solution\n" + context);
            solved++;
            if (!names(chosen).equals(names(newestAdmissible(c)))) {
                backtracked++;
            }
        }
        // The generator must exercise every outcome, or the test proves little.
        int finalSolved = solved;
        int finalUnsolvable = unsolvable;
        int finalBacktracked = backtracked;
        assertTrue(solved > CASES / 5 && unsolvable > CASES / 10 && backtracked > CASES / 20,
                () -> "solved " + finalSolved + ", unsolvable " + finalUnsolvable + ", backtracked " + finalBacktracked);
    }

    @Test
    void generatedLocksAreDeterministic() throws Exception {
        Resolver resolver = new Resolver();
        for (int i = 0; i < 100; i++) {
            Case c = generate(7_000L + i);
            List<PackCandidate> reversed = new ArrayList<>(c.catalog);
            Collections.reverse(reversed);
            try {
                Lock a = resolver.resolve(c.profile, PackSource.of(c.catalog));
                Lock b = resolver.resolve(c.profile, PackSource.of(reversed));
                assertEquals(a.toJson(), b.toJson());
            } catch (ResolutionException e) {
                ResolutionException again = org.junit.jupiter.api.Assertions.assertThrows(ResolutionException.class,
                        () -> resolver.resolve(c.profile, PackSource.of(reversed)));
                assertEquals(e.getMessage(), again.getMessage());
            }
        }
    }

    // --- generation ------------------------------------------------------------------------------------------------

    static Case generate(long seed) {
        Random random = new Random(seed);
        int packCount = 2 + random.nextInt(4);
        List<String> names = new ArrayList<>();
        Map<String, List<String>> versions = new HashMap<>();
        for (int p = 0; p < packCount; p++) {
            String name = "p" + p;
            names.add(name);
            Set<String> pool = new LinkedHashSet<>();
            int count = 2 + random.nextInt(4);
            while (pool.size() < count) {
                String v = (1 + random.nextInt(3)) + "." + random.nextInt(4) + "." + random.nextInt(3);
                pool.add(random.nextInt(12) == 0 ? v + "-rc.1" : v);
            }
            versions.put(name, new ArrayList<>(pool));
        }
        List<PackCandidate> catalog = new ArrayList<>();
        for (String name : names) {
            for (String version : versions.get(name)) {
                List<Dependency> deps = new ArrayList<>();
                for (String other : names) {
                    if (!other.equals(name) && random.nextDouble() < 0.35) {
                        double t = random.nextDouble();
                        DependencyType type = t < 0.3 ? DependencyType.REQUIRED
                                : t < 0.75 ? DependencyType.OPTIONAL : DependencyType.NOT_SUPPORTED;
                        deps.add(new Dependency(other, Layer.ADDON, bound(random, versions.get(other), true),
                                bound(random, versions.get(other), false), type));
                    }
                }
                if (random.nextInt(25) == 0) {
                    deps.add(new Dependency("ghost", Layer.ADDON, "", "", DependencyType.REQUIRED));
                }
                if (random.nextInt(7) == 0) {
                    boolean min = random.nextBoolean();
                    String b = bound(random, versions.get(name), min);
                    deps.add(new Dependency(name, Layer.ADDON, min ? b : "", min ? "" : b, DependencyType.UPGRADE));
                }
                int s = random.nextInt(50);
                PackState state = s < 40 ? PackState.ACTIVE : s < 44 ? PackState.DEPRECATED
                        : s < 47 ? PackState.DISABLED : PackState.DELETED;
                int cloud = random.nextInt(20);
                List<String> clouds = cloud < 17 ? List.of("all") : cloud < 19 ? List.of("aws") : List.of("vsphere", "aws");
                catalog.add(TestPacks.synthetic(name, version, Layer.ADDON, clouds, state, Optional.empty(),
                        deps.toArray(Dependency[]::new)));
            }
        }
        List<String> chosen = new ArrayList<>(names);
        Collections.shuffle(chosen, random);
        chosen = chosen.subList(0, Math.max(2, 1 + random.nextInt(chosen.size())));
        List<ProfileLayer> layers = new ArrayList<>();
        for (String name : chosen) {
            layers.add(PackLayer.of(name, reference(random, versions.get(name))));
        }
        String cloudType = random.nextInt(5) == 0 ? "aws" : "all";
        Profile profile = new Profile("generated-" + seed, "1.0.0", ProfileType.ADD_ON, cloudType, Optional.empty(),
                List.of(), layers);
        Map<String, String> previous = new HashMap<>();
        if (random.nextInt(3) == 0) {
            for (String name : chosen) {
                if (random.nextBoolean()) {
                    List<String> pool = versions.get(name);
                    previous.put(name, random.nextInt(4) == 0 ? "0.9.0" : pool.get(random.nextInt(pool.size())));
                }
            }
        }
        return new Case(seed, profile, catalog, previous);
    }

    private static String bound(Random random, List<String> pool, boolean min) {
        int r = random.nextInt(10);
        if (r < 3) {
            return "";
        }
        String v = pool.get(random.nextInt(pool.size())).replace("-rc.1", "");
        if (r == 9) { // a two-part bound, as pack-central writes them
            return v.substring(0, v.lastIndexOf('.'));
        }
        return v;
    }

    private static VersionReference reference(Random random, List<String> pool) {
        String v = pool.get(random.nextInt(pool.size()));
        String release = v.replace("-rc.1", "");
        String[] parts = release.split("\\.");
        int r = random.nextInt(10);
        String text = switch (r) {
            case 0, 1, 2, 3 -> "latest";
            case 4, 5 -> v;
            case 6, 7 -> parts[0] + ".x";
            case 8 -> parts[0] + "." + parts[1] + ".x";
            default -> ">=" + parts[0] + "." + parts[1] + " <" + (Integer.parseInt(parts[0]) + 1);
        };
        return VersionReference.parse(text);
    }

    static Lock previousLock(Case c) {
        List<LockedLayer> layers = new ArrayList<>();
        int order = 1;
        for (Map.Entry<String, String> e : c.previous.entrySet()) {
            layers.add(new LockedLayer(order++, e.getKey(), Optional.empty(), Layer.ADDON, "spectro", e.getValue(),
                    Optional.of("latest"), Optional.empty(), Optional.empty(), "sha256:0", OptionalInt.of(0), List.of(),
                    "", "sha256:0", List.of(), List.of()));
        }
        return new Lock(Lock.FORMAT_VERSION, new LockedProfile(c.profile.name(), "1.0.0", "add-on", "all"), layers);
    }

    // --- brute force -----------------------------------------------------------------------------------------------

    /** The best assignment over every combination, or null when none satisfies every constraint. */
    static List<PackCandidate> bruteForce(Case c) {
        List<List<PackCandidate>> options = new ArrayList<>();
        for (ProfileLayer layer : c.profile.layers()) {
            options.add(c.catalog.stream().filter(p -> p.name().equals(layer.name())).toList());
        }
        List<PackCandidate> best = null;
        int[] index = new int[options.size()];
        while (true) {
            if (options.stream().anyMatch(List::isEmpty)) {
                return null;
            }
            List<PackCandidate> assignment = new ArrayList<>();
            for (int i = 0; i < index.length; i++) {
                assignment.add(options.get(i).get(index[i]));
            }
            if (Checker.violation(c, assignment) == null && (best == null || better(assignment, best))) {
                best = assignment;
            }
            int k = index.length - 1;
            while (k >= 0 && ++index[k] == options.get(k).size()) {
                index[k--] = 0;
            }
            if (k < 0) {
                return best;
            }
        }
    }

    private static boolean better(List<PackCandidate> a, List<PackCandidate> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = version(a.get(i)).semver().compareTo(version(b.get(i)).semver());
            if (order != 0) {
                return order > 0;
            }
        }
        return false;
    }

    /** Per layer, the newest candidate the layer admits on its own: where a search without conflicts would stop. */
    private static List<PackCandidate> newestAdmissible(Case c) {
        List<PackCandidate> newest = new ArrayList<>();
        for (int i = 0; i < c.profile.layers().size(); i++) {
            int layer = i;
            c.catalog.stream().filter(p -> p.name().equals(c.profile.layers().get(layer).name()))
                    .filter(p -> Checker.unary(c, layer, p) == null)
                    .max((x, y) -> version(x).semver().compareTo(version(y).semver()))
                    .ifPresent(newest::add);
        }
        return newest;
    }

    // --- the independent checker -----------------------------------------------------------------------------------

    /** Every constraint, written from the rules rather than from the resolver's code. */
    static final class Checker {

        /** The first broken constraint of a full assignment (one candidate per profile layer), or null. */
        static String violation(Case c, List<PackCandidate> assignment) {
            List<ProfileLayer> layers = c.profile.layers();
            for (int i = 0; i < layers.size(); i++) {
                String unary = unary(c, i, assignment.get(i));
                if (unary != null) {
                    return unary;
                }
                PackCandidate candidate = assignment.get(i);
                for (Dependency d : candidate.pack().metadata().constraints().dependencies()) {
                    if (d.type() == DependencyType.UPGRADE) {
                        continue;
                    }
                    List<PackVersion> targets = new ArrayList<>();
                    for (int j = 0; j < layers.size(); j++) {
                        if (j != i && assignment.get(j).name().equals(d.packName())) {
                            targets.add(version(assignment.get(j)));
                        }
                    }
                    boolean allIn = targets.stream().allMatch(v -> within(v, d));
                    boolean noneIn = targets.stream().noneMatch(v -> within(v, d));
                    switch (d.type()) {
                        case REQUIRED -> {
                            if (targets.isEmpty() || !allIn) {
                                return candidate.name() + " requires " + d;
                            }
                        }
                        case OPTIONAL -> {
                            if (!allIn) {
                                return candidate.name() + " optional " + d;
                            }
                        }
                        case NOT_SUPPORTED -> {
                            if (!noneIn) {
                                return candidate.name() + " notSupported " + d;
                            }
                        }
                        default -> fail("unexpected type");
                    }
                }
            }
            return null;
        }

        /** What one layer's candidate breaks on its own: reference, state, cloud, upgrade path. */
        static String unary(Case c, int layer, PackCandidate candidate) {
            PackLayer profileLayer = (PackLayer) c.profile.layers().get(layer);
            if (!candidate.name().equals(profileLayer.name())) {
                return "wrong pack";
            }
            PackVersion v = version(candidate);
            VersionReference reference = profileLayer.reference();
            boolean prerelease = !v.semver().getPreRelease().isEmpty();
            String text = reference.text();
            boolean accepted;
            if (text.equals("latest")) {
                accepted = !prerelease;
            } else if (text.endsWith(".x")) {
                String[] parts = text.split("\\.");
                accepted = !prerelease && v.semver().getMajor() == Integer.parseInt(parts[0])
                        && (parts.length == 2 || v.semver().getMinor() == Integer.parseInt(parts[1]));
            } else if (text.startsWith(">=")) {
                String[] parts = text.substring(2).split(" <");
                accepted = !prerelease && compare(v, parse(parts[0])) >= 0 && compare(v, parse(parts[1])) < 0;
            } else {
                accepted = compare(v, parse(text)) == 0;
            }
            if (!accepted) {
                return "reference " + text + " refuses " + v;
            }
            if (candidate.state() == PackState.DELETED) {
                return "deleted";
            }
            if (candidate.state() == PackState.DISABLED && (text.equals("latest") || text.endsWith(".x")
                    || text.startsWith(">="))) {
                return "disabled without an exact pin";
            }
            List<String> clouds = candidate.pack().metadata().cloudTypes();
            if (!clouds.contains("all") && !clouds.contains(c.profile.cloudType())) {
                return "cloud";
            }
            for (Dependency d : candidate.pack().metadata().constraints().dependencies()) {
                boolean inProfile = c.profile.layers().stream().anyMatch(l -> l.name().equals(d.packName()));
                if (d.type() == DependencyType.REQUIRED && !inProfile) {
                    return "requires absent " + d.packName();
                }
            }
            String previous = c.previous.get(candidate.name());
            if (previous != null && compare(parse(previous), v) != 0) {
                for (Dependency d : candidate.pack().metadata().constraints().dependencies()) {
                    if (d.type() == DependencyType.UPGRADE && d.packName().equals(candidate.name())
                            && !within(parse(previous), d)) {
                        return "upgrade from " + previous + " refused by " + d;
                    }
                }
            }
            return null;
        }

        /** min <= v <= max; empty bounds open; a two-part max covers its whole minor line. */
        static boolean within(PackVersion v, Dependency d) {
            if (!d.minVersion().isEmpty() && compare(v, parse(d.minVersion())) < 0) {
                return false;
            }
            if (d.maxVersion().isEmpty()) {
                return true;
            }
            String[] parts = d.maxVersion().split("\\.");
            if (parts.length == 2) {
                int major = Integer.parseInt(parts[0]);
                int minor = Integer.parseInt(parts[1]);
                return v.semver().getMajor() < major || (v.semver().getMajor() == major && v.semver().getMinor() <= minor);
            }
            return compare(v, parse(d.maxVersion())) <= 0;
        }

        private static int compare(PackVersion a, PackVersion b) {
            return a.semver().compareTo(b.semver());
        }

        private static PackVersion parse(String text) {
            return PackVersion.parse(text).orElseThrow();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    static PackVersion version(PackCandidate candidate) {
        return PackVersion.parse(candidate.pack().metadata().version()).orElseThrow();
    }

    private static List<PackCandidate> fromLock(Case c, Lock lock) {
        List<PackCandidate> chosen = new ArrayList<>();
        for (ProfileLayer layer : c.profile.layers()) {
            LockedLayer locked = lock.layers().stream().filter(l -> l.name().equals(layer.name())).findFirst()
                    .orElseThrow();
            chosen.add(c.catalog.stream().filter(p -> p.name().equals(layer.name())
                    && p.pack().metadata().version().equals(locked.version())).findFirst().orElseThrow());
        }
        return chosen;
    }

    private static List<String> names(List<PackCandidate> candidates) {
        return candidates.stream().map(p -> p.name() + "@" + p.pack().metadata().version()).toList();
    }

    private static String versions(Lock lock) {
        return lock == null ? "-" : String.join(", ", lock.layers().stream().map(l -> l.name() + "@" + l.version()).toList());
    }

    private static String describe(Case c) {
        StringBuilder text = new StringBuilder("seed " + c.seed + ", cloud " + c.profile.cloudType() + ", previous "
                + c.previous + "\nlayers:");
        for (ProfileLayer layer : c.profile.layers()) {
            text.append(' ').append(layer.name()).append('@').append(((PackLayer) layer).reference().text());
        }
        text.append("\ncatalog:");
        for (PackCandidate p : c.catalog) {
            text.append("\n  ").append(p.name()).append(' ').append(p.pack().metadata().version()).append(' ')
                    .append(p.state()).append(' ').append(p.pack().metadata().cloudTypes()).append(' ')
                    .append(p.pack().metadata().constraints().dependencies().stream()
                            .map(d -> d.type().id() + ":" + d.packName() + "[" + d.minVersion() + "," + d.maxVersion() + "]")
                            .toList());
        }
        return text.toString();
    }
}
