package dev.packyard.benchmark.resolver;

import dev.packyard.packs.Problem;
import dev.packyard.resolver.ResolutionException;
import dev.packyard.resolver.Resolver;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileReader;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Resolver benchmark: generates a seeded catalog of pack versions with dense constraints, then times
 * {@link Resolver#resolve} on four 15-layer profiles (typical; worst case with deep backtracking; unsatisfiable by a
 * plain conflict; unsatisfiable after an exhaustive search), after JIT warm-up, interleaved round by round. Every lock
 * is checked by {@link LockCheck}, every failure must be the same explanation each time. Prints a Markdown table on
 * stdout and progress on stderr. Run by {@code benchmark/resolver.sh}; see benchmark/README.md.
 */
public final class ResolverBenchmark {

    private static final String USAGE = """
            usage: ResolverBenchmark [--versions 10000] [--seed 20261121] [--iterations 200] [--warmup 20]
              --versions N     pack versions in the generated catalog (4000-100000)
              --seed N         seed of the catalog and the typical profile
              --iterations N   timed resolves per case (20-10000)
              --warmup S       seconds of untimed resolves of every case first (0-600)
            """;

    /** The search's explanations say so; arc consistency's name the conflict directly. */
    private static final String SEARCH_EXPLANATION = "no combination of versions satisfies every constraint";

    private final Resolver resolver = new Resolver();

    /** What produced a failure's explanation. */
    private enum Explained { CONSISTENCY, SEARCH }

    /** One case with what its first run found. */
    private static final class Case {
        final Scenario scenario;
        final Profile profile;
        Lock lock;
        String explanation;
        Explained explainedBy;
        LockCheck.Result check;
        long combinations;
        final long[] nanos;

        Case(Scenario scenario, Profile profile, int iterations) {
            this.scenario = scenario;
            this.profile = profile;
            this.nanos = new long[iterations];
        }
    }

    public static void main(String[] args) throws Exception {
        int versions = 10_000;
        long seed = 20_261_121L;
        int iterations = 200;
        int warmup = 20;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--versions" -> versions = bounded(args[i], value, 4_000, 100_000);
                case "--seed" -> seed = Long.parseLong(require(args[i], value));
                case "--iterations" -> iterations = bounded(args[i], value, 20, 10_000);
                case "--warmup" -> warmup = bounded(args[i], value, 0, 600);
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> fail("unknown option " + args[i] + "\n" + USAGE);
            }
            i++;
        }
        new ResolverBenchmark().run(versions, seed, iterations, warmup);
    }

    private void run(int versions, long seed, int iterations, int warmupSeconds) throws Exception {
        log("generating " + String.format(Locale.ROOT, "%,d", versions) + " pack versions (seed " + seed + ")");
        long start = System.nanoTime();
        Catalog catalog = Catalog.generate(seed, versions);
        catalog.build();
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        log(String.format(Locale.ROOT, "catalog: %,d versions of %d packs, %,d dependencies; built and validated in "
                + "%.1f s", catalog.candidates.size(), catalog.families.size(), catalog.dependencyCount(), buildSeconds));

        Scenario typical = Scenario.typical(catalog, new Random(seed ^ 0x5EED));
        Scenario backtracking = Scenario.backtracking();
        List<Case> cases = new ArrayList<>();
        for (Scenario s : List.of(typical, backtracking, Scenario.conflict(typical), Scenario.exhausted(backtracking))) {
            cases.add(new Case(s, ProfileReader.read(s.yaml()).orElseThrow(), iterations));
        }

        for (Case c : cases) {
            firstRun(catalog, c);
        }
        for (Case c : cases) {
            c.combinations = combinations(catalog, c);
            log(c.scenario.id() + ": " + String.format(Locale.ROOT, "%,d", c.combinations) + " combinations tried");
        }

        log("warm-up: " + warmupSeconds + " s of resolves of every case");
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        int warmupRounds = 0;
        while (System.nanoTime() < warmupEnd || warmupRounds < 5) {
            for (Case c : cases) {
                once(catalog, c);
            }
            warmupRounds++;
        }
        log("warm-up: " + warmupRounds + " rounds; measuring " + iterations + " rounds");

        long[] cpuBefore = procStat();
        double ownBefore = ownCpuSeconds();
        long[] gcBefore = gc();
        long measureStart = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            for (Case c : cases) {
                c.nanos[i] = once(catalog, c);
            }
        }
        double measureSeconds = (System.nanoTime() - measureStart) / 1e9;
        long[] gcAfter = gc();
        double ownCpu = ownCpuSeconds() - ownBefore;
        long[] cpuAfter = procStat();
        log(String.format(Locale.ROOT, "measured in %.1f s", measureSeconds));

        String otherLoad = "n/a";
        if (cpuBefore != null && cpuAfter != null) {
            double busy = (cpuAfter[0] - cpuBefore[0]) / 100.0;
            double total = (cpuAfter[1] - cpuBefore[1]) / 100.0;
            double other = Math.max(0, busy - ownCpu);
            otherLoad = total > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * other / total) : "n/a";
            if (total > 0 && other / total > 0.10) {
                log("WARNING: other processes used " + otherLoad + " of the CPU time while measuring; numbers are noisy");
            }
        }
        report(catalog, cases, iterations, warmupSeconds, warmupRounds, buildSeconds, measureSeconds, otherLoad,
                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
    }

    /** Resolves once, checks the outcome (lock or explanation) and keeps it for comparing every later run. */
    private void firstRun(Catalog catalog, Case c) {
        Scenario s = c.scenario;
        try {
            c.lock = resolver.resolve(c.profile, catalog.source, Map.of());
        } catch (ResolutionException e) {
            c.explanation = e.getMessage();
        }
        if (s.solvable()) {
            if (c.lock == null) {
                fail(s.id() + ": expected a lock, the resolver failed:\n" + c.explanation);
            }
            c.check = LockCheck.check(catalog, s, c.lock);
            if (!c.check.violations().isEmpty()) {
                fail(s.id() + ": the lock breaks the catalog's constraints:\n  "
                        + String.join("\n  ", c.check.violations()) + "\n" + c.lock.toYaml());
            }
            StringBuilder picks = new StringBuilder();
            for (Scenario.Layer layer : s.layers()) {
                int skipped = c.check.newerSkipped().get(layer.name());
                picks.append(' ').append(layer.name()).append('=').append(c.check.chosen().get(layer.name()).text)
                        .append(skipped > 0 ? "(-" + skipped + ")" : "");
            }
            log(s.id() + ": lock valid; " + c.check.layersBelowNewest() + " layers below their newest match:" + picks);
        } else {
            if (c.lock != null) {
                fail(s.id() + ": expected no solution, the resolver returned a lock:\n" + c.lock.toYaml());
            }
            if (c.explanation.contains("resolution.gave-up")) {
                fail(s.id() + ": the resolver gave up instead of explaining:\n" + c.explanation);
            }
            c.explainedBy = c.explanation.contains(SEARCH_EXPLANATION) ? Explained.SEARCH : Explained.CONSISTENCY;
            Explained expected = s.id().equals("conflict") ? Explained.CONSISTENCY : Explained.SEARCH;
            if (c.explainedBy != expected) {
                fail(s.id() + ": expected an explanation from " + expected + ", got:\n" + c.explanation);
            }
            log(s.id() + ": explained: " + c.explanation);
        }
        if (s.id().equals("backtracking")) {
            // The case must do what it claims: kubernetes walked back from 1.34 to the 1.32 line.
            int minor = c.check.chosen().get("kubernetes").version.minor();
            if (minor != 32) {
                fail("backtracking: expected kubernetes 1.32.x, got " + c.check.chosen().get("kubernetes").text);
            }
        }
    }

    /** One timed resolve; the outcome must be the first run's. */
    private long once(Catalog catalog, Case c) {
        Lock lock = null;
        String explanation = null;
        long t0 = System.nanoTime();
        try {
            lock = resolver.resolve(c.profile, catalog.source, Map.of());
        } catch (ResolutionException e) {
            explanation = e.getMessage();
        }
        long elapsed = System.nanoTime() - t0;
        if (c.lock != null ? !c.lock.equals(lock) : !c.explanation.equals(explanation)) {
            fail(c.scenario.id() + ": a later resolve gave a different result:\n"
                    + (lock != null ? lock.toYaml() : explanation));
        }
        return elapsed;
    }

    /**
     * The combinations the search tried, which the API does not expose: the smallest {@code new Resolver(maxSteps)}
     * bound that still gives the same lock or the same explanation, by bisection (the search is deterministic, so a
     * bound works exactly when it covers what the search needs). The bound also caps constraint checks at 100 per
     * step, arc consistency included, so a small bound can cut arc consistency short and make the search try more:
     * then the figure overstates the default resolver's count. Not in these cases: the typical case's figure is one
     * per layer, the least possible, and the tangle cases' bounds allow millions of checks. Zero when arc consistency
     * explains the failure before any search.
     */
    private static long combinations(Catalog catalog, Case c) {
        if (c.explainedBy == Explained.CONSISTENCY) {
            return 0;
        }
        long low = 0; // fails
        long high = Resolver.DEFAULT_MAX_STEPS; // works: it is the bound of the first run
        while (high - low > 1) {
            long mid = (low + high) >>> 1;
            boolean same;
            try {
                Lock lock = new Resolver(mid).resolve(c.profile, catalog.source, Map.of());
                same = lock.equals(c.lock);
            } catch (ResolutionException e) {
                same = e.getMessage().equals(c.explanation);
            }
            if (same) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    private static void report(Catalog catalog, List<Case> cases, int iterations, int warmupSeconds, int warmupRounds,
            double buildSeconds, double measureSeconds, String otherLoad, long gcCount, long gcMillis) {
        StringBuilder out = new StringBuilder();
        out.append("| case | layers below their newest match | combinations tried | p50 ms | p99 ms | mean ms "
                + "| max ms |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Case c : cases) {
            long[] sorted = c.nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0);
            String below = c.check == null ? "no solution"
                    : c.check.layersBelowNewest() + " of " + c.scenario.layers().size() + " ("
                            + c.check.versionsSkipped() + " versions)";
            String combinations = c.explainedBy == Explained.CONSISTENCY ? "0 (arc consistency)"
                    : String.format(Locale.ROOT, "%,d", c.combinations);
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", c.scenario.title(), below,
                    combinations, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(mean),
                    ms(sorted[sorted.length - 1])));
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "- catalog: %,d pack versions of %d packs (%s), %,d dependencies "
                        + "(%.1f per version), seed %d; generated, validated with PackValidator and wrapped in %.1f s "
                        + "(not timed)%n", catalog.candidates.size(), catalog.families.size(), packCounts(catalog),
                catalog.dependencyCount(), catalog.dependencyCount() / (double) catalog.candidates.size(), catalog.seed,
                buildSeconds));
        out.append(String.format(Locale.ROOT, "- timing: `Resolver.resolve(profile, source, Map.of())` only (profile "
                + "already read; the source is `PackSource.of` over the catalog in memory); %d resolves per case, the "
                + "cases interleaved round by round, after %d s of warm-up (%d rounds of every case); measured in "
                + "%.1f s; p99 of %d samples is the %s-slowest%n", iterations, warmupSeconds, warmupRounds,
                measureSeconds, iterations, ordinal(iterations - (int) Math.ceil(0.99 * iterations) + 1)));
        out.append(String.format(Locale.ROOT, "- GC while measuring: %d collections, %d ms in all; other load on the "
                + "machine while measuring: %s of the CPU time%n", gcCount, gcMillis, otherLoad));
        out.append("- combinations tried (candidates the search assigned; one per layer when nothing backtracks): the "
                + "API does not expose it, so it is the smallest `new Resolver(maxSteps)` bound that still gives the "
                + "same lock or explanation, found by bisection\n");
        out.append("- every lock is checked against the generated catalog by code apart from the resolver (references, "
                + "lifecycle, cloud type, digests, every required/optional/notSupported dependency); every run of a "
                + "case must give the same lock or the same explanation\n");
        for (Case c : cases) {
            if (c.explanation != null) {
                String first = c.explanation.lines().findFirst().orElse("");
                out.append("- ").append(c.scenario.title()).append(" explains: `")
                        .append(first.length() > 300 ? first.substring(0, 300) + " ..." : first).append("`\n");
            }
        }
        out.append("\nCases (15 layers each: os, k8s, cni, csi, 11 add-ons):\n\n");
        for (Case c : cases) {
            out.append("- **").append(c.scenario.title()).append("**: ").append(c.scenario.forces()).append(". `");
            out.append(String.join(", ", c.scenario.layers().stream().map(l -> l.name() + " " + l.ref().text())
                    .toList())).append("`\n");
        }
        System.out.print(out);
        System.out.flush();
    }

    private static String packCounts(Catalog catalog) {
        long tangles = catalog.families.keySet().stream().filter(n -> n.startsWith(Catalog.TANGLE_PREFIX)).count();
        return "1 os, 1 k8s, 2 cni, 2 csi, " + catalog.addons.size() + " add-ons, " + tangles + " tangle add-ons";
    }

    /** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String ms(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    /** Busy and total jiffies of all CPUs from /proc/stat, or null where there is none. */
    private static long[] procStat() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    long[] f = Arrays.stream(line.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
                    long busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f.length > 7 ? f[7] : 0);
                    return new long[] {busy, busy + f[3] + f[4]};
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static int bounded(String option, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(require(option, value));
        } catch (NumberFormatException e) {
            throw fail(option + " needs a whole number");
        }
        if (v < min || v > max) {
            throw fail(option + " must be " + min + ".." + max);
        }
        return v;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw fail(option + " needs a value");
        }
        return value;
    }

    private static void log(String message) {
        System.err.printf(Locale.ROOT, "[resolver %tT] %s%n", System.currentTimeMillis(), message);
    }

    private static IllegalStateException fail(String message) {
        log("ERROR: " + message);
        System.exit(1);
        return new IllegalStateException(message);
    }
}
