package dev.packyard.resolver;

import static dev.packyard.resolver.FixtureResolutionTest.full;
import static dev.packyard.resolver.TestPacks.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.resolver.lock.Lock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lock output: byte-identical, round-trips, and what an update reports. */
class LockTest {

    private final Resolver resolver = new Resolver();
    private final String stack = full("1.30.x", "cert-manager", "kube-prometheus-stack", "hello-universe@1.x",
            "crossplane@latest");

    @Test
    void sameProfileAndCatalogGiveByteIdenticalLocks() throws Exception {
        Lock first = resolver.resolve(profile(stack), TestPacks.everything());
        Lock second = new Resolver().resolve(profile(stack), TestPacks.everything());
        assertEquals(first.toJson(), second.toJson());
        assertEquals(first.toYaml(), second.toYaml());
        // The order in which the source lists candidates does not matter either.
        List<PackCandidate> shuffled = new ArrayList<>(TestPacks.catalogPacks());
        shuffled.addAll(TestPacks.fixturePacks());
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(first.toJson(), resolver.resolve(profile(stack), PackSource.of(shuffled)).toJson());
        assertTrue(first.toJson().endsWith("}\n"));
        assertFalse(first.toJson().contains("\r"));
    }

    @Test
    void lockRoundTripsThroughJsonAndYaml() throws Exception {
        Lock lock = resolver.resolve(profile(stack), TestPacks.everything());
        assertEquals(lock, Lock.parse(lock.toJson()));
        assertEquals(lock, Lock.parse(lock.toYaml()));
        assertEquals(lock.toJson(), Lock.parse(lock.toYaml()).toJson());
        assertTrue(lock.toYaml().startsWith("lockVersion: 1\nprofile:\n  name: platform\n"), lock.toYaml());
        assertTrue(lock.toYaml().contains("    values: |\n"), "values as literal blocks");
    }

    @Test
    void jsonFieldOrderIsFixed() throws Exception {
        String json = resolver.resolve(profile(stack), TestPacks.everything()).toJson();
        String first = json.substring(json.indexOf("\"layers\""));
        List<String> keys = List.of("\"name\"", "\"layer\"", "\"version\"", "\"reference\"", "\"type\"", "\"registry\"",
                "\"repository\"", "\"digest\"", "\"installOrder\"", "\"values\"", "\"valuesDigest\"");
        int at = 0;
        for (String key : keys) {
            int next = first.indexOf(key, at);
            assertTrue(next > at, key + " out of order");
            at = next;
        }
    }

    @Test
    void unreadableLocksAreExplained() {
        assertTrue(assertThrows(ResolutionException.class, () -> Lock.parse("{not json"))
                .getMessage().contains("lock.syntax"));
        assertTrue(assertThrows(ResolutionException.class, () -> Lock.parse("- a")).getMessage()
                .contains("is not a lock document"));
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> Lock.parse("{\"lockVersion\": 9, \"profile\": {}, \"layers\": [{\"layer\": \"net\"}]}"));
        String message = e.getMessage();
        for (String part : List.of("lockVersion: is 9; this Packyard reads lock version 1", "profile.name: is missing",
                "layers[0].layer: 'net' is not a layer", "layers[0].installOrder: is missing", "layers[0].digest: is missing")) {
            assertTrue(message.contains(part), part + " not in " + message);
        }
    }

    @Test
    void updateReportsAddedRemovedAndChangedLayers() throws Exception {
        Lock before = resolver.resolve(profile(full("1.30.x", "crossplane@1.x", "hello-universe", "reloader")),
                TestPacks.everything());
        String after = full("1.30.x", "crossplane@2.x", "hello-universe", "cert-manager") + """
                    values: |
                      charts:
                        cert-manager:
                          replicaCount: 2
                """;
        after = after.replace("  - name: hello-universe\n", "  - name: hello-universe\n    values: {manifests: {hello-universe: {replicas: 3}}}\n");
        Resolution update = resolver.update(profile(after), TestPacks.everything(), before);
        List<String> changes = update.changes().stream().map(Change::format).toList();
        assertEquals(List.of(
                "crossplane: 1.19.1 -> 2.3.0 (the reference changed from 1.x to 2.x)",
                "hello-universe: 1.3.1 -> 1.3.1 (the merged values changed (profile values, presets or variables))",
                "cert-manager: (none) -> 1.15.3 (new layer in the profile)",
                "reloader: 1.1.0 -> (removed) (no longer in the profile)"), changes);
        assertEquals(List.of(Change.Kind.UPGRADED, Change.Kind.CHANGED, Change.Kind.ADDED, Change.Kind.REMOVED),
                update.changes().stream().map(Change::kind).toList());
    }

    @Test
    void updateMovesOnlyWhatTheReferencesAllow() throws Exception {
        // Locked on the older catalog (kubernetes 1.30.5 only), then 1.30.6 and 1.31.x appear.
        PackSource old = name -> TestPacks.everything().candidates(name).stream()
                .filter(c -> !c.name().equals("kubernetes") || c.pack().metadata().version().equals("1.30.5")).toList();
        String pinned = full("1.30.5");
        String train = full("1.30.x");
        Lock lockedPinned = resolver.resolve(profile(pinned), old);
        Lock lockedTrain = resolver.resolve(profile(train), old);
        assertEquals(List.of(), resolver.update(profile(pinned), TestPacks.everything(), lockedPinned).changes());
        Resolution moved = resolver.update(profile(train), TestPacks.everything(), lockedTrain);
        assertEquals(List.of("kubernetes: 1.30.5 -> 1.30.6 (newest version that 1.30.x allows and every constraint "
                + "accepts)"), moved.changes().stream().map(Change::format).toList());
    }

    @Test
    void downgradeIsExplained() throws Exception {
        Lock before = resolver.resolve(profile(full("1.30.x", "crossplane")), TestPacks.everything());
        PackSource withoutNewest = name -> TestPacks.everything().candidates(name).stream()
                .filter(c -> !(c.name().equals("crossplane") && c.pack().metadata().version().equals("2.3.0"))).toList();
        Resolution update = resolver.update(profile(full("1.30.x", "crossplane")), withoutNewest, before);
        assertEquals(List.of("crossplane: 2.3.0 -> 2.1.3 (2.3.0 is no longer in the catalog)"),
                update.changes().stream().map(Change::format).toList());
    }
}
