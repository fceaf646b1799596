package dev.packyard.resolver;

import static dev.packyard.resolver.TestPacks.profile;
import static dev.packyard.resolver.TestPacks.synthetic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.packs.Layer;
import dev.packyard.packs.PackState;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import dev.packyard.resolver.lock.LockedProfile;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resolution over the real packs: pack-central's fixtures and the built-in catalog. */
class FixtureResolutionTest {

    private final Resolver resolver = new Resolver();

    static String addOn(String name, String reference) {
        return """
                name: addons
                version: 1.0.0
                type: add-on
                layers:
                  - name: %s
                    version: "%s"
                """.formatted(name, reference);
    }

    /** A full aws profile on the built-in infrastructure, with extra add-on layers appended. */
    static String full(String kubernetes, String... addOns) {
        StringBuilder yaml = new StringBuilder("""
                name: platform
                version: 1.0.0
                type: full
                cloudType: aws
                layers:
                  - name: ubuntu
                    version: lts__22.04.x
                  - name: kubernetes
                    version: "%s"
                  - name: cni-calico
                  - name: csi-local-path
                """.formatted(kubernetes));
        for (String addOn : addOns) {
            String[] parts = addOn.split("@", 2);
            yaml.append("  - name: ").append(parts[0]).append('\n');
            if (parts.length > 1) {
                yaml.append("    version: \"").append(parts[1]).append("\"\n");
            }
        }
        return yaml.toString();
    }

    static String version(Lock lock, String name) {
        return layer(lock, name).version();
    }

    static LockedLayer layer(Lock lock, String name) {
        return lock.layers().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in lock " + lock.toJson()));
    }

    String failure(String yaml, PackSource source) {
        return assertThrows(ResolutionException.class, () -> resolver.resolve(profile(yaml), source)).getMessage();
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected '" + part + "' in:\n" + text);
        }
    }

    // --- crossplane ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"1.x,1.19.1", "2.x,2.3.0", "latest,2.3.0", "1.16.x,1.16.0", "2.1.x,2.1.3", "1.16,1.16.0",
            "'>=1.17 <2.2',2.1.3", "~1.19,1.19.1", "^1.16,1.19.1", "2.1.3,2.1.3"})
    void crossplaneReferences(String reference, String expected) throws Exception {
        Lock lock = resolver.resolve(profile(addOn("crossplane", reference)), PackSource.of(TestPacks.fixturePacks()));
        assertEquals(expected, version(lock, "crossplane"));
        assertEquals(reference, layer(lock, "crossplane").reference().orElseThrow());
    }

    @Test
    void crossplanePinnedAboveTheKubernetesTrainIsExplained() {
        String message = failure(full("1.28.x", "crossplane@2.3.x"), TestPacks.everything());
        assertContains(message, "crossplane 2.3.0 needs kubernetes >= 1.29; the profile pins kubernetes 1.28.x",
                "Versions tried: crossplane 2.3.0; kubernetes 1.28.15, 1.28.13", "layers[4]");
    }

    @Test
    void crossplaneTrainAndLatestBacktrackToAVersionThatFitsKubernetes() throws Exception {
        for (String reference : List.of("2.x", "latest")) {
            Lock lock = resolver.resolve(profile(full("1.28.x", "crossplane@" + reference)), TestPacks.everything());
            assertEquals("2.1.3", version(lock, "crossplane"), reference);
            assertEquals("1.28.15", version(lock, "kubernetes"));
            assertContains(String.join("\n", layer(lock, "crossplane").warnings()),
                    "newer crossplane 2.3.0 is not used: crossplane 2.3.0 needs kubernetes >= 1.29");
        }
    }

    @Test
    void crossplaneTrainFailsWhenNoVersionOfItFitsAndLatestFallsBackToAnOlderTrain() throws Exception {
        // Kubernetes 1.26: crossplane 2.3.0 needs >= 1.29 and 2.1.3 needs >= 1.27.
        PackSource source = TestPacks.source(TestPacks.catalogPacks(),
                TestPacks.fixturePacks().toArray(PackCandidate[]::new));
        PackSource withOld = name -> name.equals("kubernetes")
                ? List.of(synthetic("kubernetes", "1.26.15", Layer.K8S))
                : name.equals("cni-calico") || name.equals("csi-local-path")
                        ? List.of(synthetic(name, "1.0.0", name.startsWith("cni") ? Layer.CNI : Layer.CSI))
                        : source.candidates(name);
        String message = failure(full("1.26.x", "crossplane@2.x"), withOld);
        assertContains(message, "crossplane 2.3.0 needs kubernetes >= 1.29; the profile pins kubernetes 1.26.x",
                "crossplane 2.1.3 needs kubernetes >= 1.27", "Versions tried: crossplane 2.3.0, 2.1.3; kubernetes 1.26.15");
        Lock lock = resolver.resolve(profile(full("1.26.x", "crossplane")), withOld);
        assertEquals("1.19.1", version(lock, "crossplane"));
    }

    // --- hello-universe --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"1.x,1.3.1", "1.3.x,1.3.1", "1.1.x,1.1.3", "latest,1.3.1", "1.3.0,1.3.0", "'>=1.1 <1.3',1.1.3",
            "~1.3.0,1.3.1", "'1.1.3 || 1.3.0',1.3.0"})
    void helloUniverseTrains(String reference, String expected) throws Exception {
        Lock lock = resolver.resolve(profile(addOn("hello-universe", reference)), PackSource.of(TestPacks.fixturePacks()));
        LockedLayer layer = layer(lock, "hello-universe");
        assertEquals(expected, layer.version());
        assertEquals(List.of("Backend:disable-api"), layer.presets()); // the pack's own enabled preset
        assertTrue(layer.values().startsWith("# spectrocloud.com/enabled-presets: Backend:disable-api\n"));
    }

    @Test
    void helloUniverseTrainWithNoVersion() {
        String message = failure(addOn("hello-universe", "2.x"), PackSource.of(TestPacks.fixturePacks()));
        assertContains(message, "no version of hello-universe matches 2.x; available: 1.3.1, 1.3.0, 1.1.3",
                "layers[0].version");
    }

    // --- permission-manager ----------------------------------------------------------------------------------------

    @Test
    void permissionManagerRefusesKubernetes131() {
        String message = failure(full("1.31.x", "permission-manager"), TestPacks.everything());
        assertContains(message, "permission-manager 1.0.0 needs kubernetes <= 1.21.49; the profile pins kubernetes 1.31.x");
    }

    @Test
    void permissionManagerAloneHasNoKubernetesToCheck() throws Exception {
        Lock lock = resolver.resolve(profile(addOn("permission-manager", "latest")), TestPacks.everything());
        assertEquals("1.0.0", version(lock, "permission-manager"));
    }

    @Test
    void permissionManagerWithOldKubernetes() throws Exception {
        PackSource source = name -> switch (name) {
            case "kubernetes" -> List.of(synthetic("kubernetes", "1.21.14", Layer.K8S),
                    synthetic("kubernetes", "1.22.17", Layer.K8S));
            case "cni-calico" -> List.of(synthetic(name, "3.20.0", Layer.CNI));
            case "csi-local-path" -> List.of(synthetic(name, "0.0.20", Layer.CSI));
            default -> TestPacks.everything().candidates(name);
        };
        Lock lock = resolver.resolve(profile(full("latest", "permission-manager")), source);
        assertEquals("1.21.14", version(lock, "kubernetes")); // 1.22 is above permission-manager's 1.21.49
        assertContains(String.join("\n", layer(lock, "kubernetes").warnings()),
                "newer kubernetes 1.22.17 is not used: permission-manager 1.0.0 needs kubernetes <= 1.21.49");
    }

    // --- argo-cd's upgrade constraint ------------------------------------------------------------------------------

    static Lock previousLock(String name, String version) {
        LockedLayer layer = new LockedLayer(1, name, Optional.empty(), Layer.ADDON, "spectro", version,
                Optional.of("latest"), Optional.empty(), Optional.empty(), "sha256:00", OptionalInt.of(0), List.of(),
                "", "sha256:00", List.of(), List.of());
        return new Lock(Lock.FORMAT_VERSION, new LockedProfile("addons", "1.0.0", "add-on", "all"), List.of(layer));
    }

    @Test
    void argoCdUpgradeFromAllowedVersion() throws Exception {
        Resolution resolution = resolver.update(profile(addOn("argo-cd", "3.x")), PackSource.of(TestPacks.fixturePacks()),
                previousLock("argo-cd", "3.20.0"));
        LockedLayer argo = layer(resolution.lock(), "argo-cd");
        assertEquals("3.26.7", argo.version());
        assertEquals(List.of("argo-cd 3.26.7 is deprecated; plan a move to a supported version"), argo.warnings());
        assertEquals(1, resolution.changes().size());
        Change change = resolution.changes().get(0);
        assertEquals(Change.Kind.UPGRADED, change.kind());
        assertEquals("argo-cd: 3.20.0 -> 3.26.7 (the reference changed from latest to 3.x)", change.format());
    }

    @Test
    void argoCdUpgradeRefusedFromAboveItsMaxVersion() {
        ResolutionException e = assertThrows(ResolutionException.class, () -> resolver.update(
                profile(addOn("argo-cd", "3.x")), PackSource.of(TestPacks.fixturePacks()), previousLock("argo-cd", "3.27.0")));
        assertContains(e.getMessage(), "argo-cd 3.26.7 can only be upgraded to from argo-cd <= 3.26.7; the previous lock "
                + "has 3.27.0");
    }

    @Test
    void argoCdUpgradesInStepsThroughTheCatalog() throws Exception {
        // argo-cd 7.7.5 may only be reached from 7.6.0 or later: from 3.26.7 the update stops at 7.6.8.
        String yaml = full("1.30.x", "argo-cd");
        Resolution first = resolver.update(profile(yaml), TestPacks.everything(), previousLock("argo-cd", "3.26.7"));
        assertEquals("7.6.8", version(first.lock(), "argo-cd"));
        assertContains(String.join("\n", first.changes().stream().map(Change::format).toList()),
                "argo-cd: 3.26.7 -> 7.6.8");
        Resolution second = resolver.update(profile(yaml), TestPacks.everything(), first.lock());
        assertEquals("7.7.5", version(second.lock(), "argo-cd"));
        assertEquals(List.of("argo-cd: 7.6.8 -> 7.7.5 (newest version that latest allows and every constraint accepts)"),
                second.changes().stream().map(Change::format).toList());
        Resolution third = resolver.update(profile(yaml), TestPacks.everything(), second.lock());
        assertEquals(List.of(), third.changes());
        assertEquals(second.lock().toJson(), third.lock().toJson());
    }

    // --- upbound-crossplane's loose pre-release version ------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"latest", "2.x", "2.0.x", "'>=2.0.0'"})
    void upboundPreReleaseIsSkippedUnlessNamed(String reference) {
        String message = failure(addOn("upbound-crossplane", reference), PackSource.of(TestPacks.fixturePacks()));
        assertContains(message, "no version of upbound-crossplane matches " + reference,
                "2.0.2-up.3 is a pre-release, which trains, ranges and latest skip",
                "pin the pre-release exactly (e.g. 2.0.2-up.3)");
    }

    @ParameterizedTest
    @CsvSource({"2.0.2-up.3", "'>=2.0.2-up.0'"})
    void upboundPreReleaseWhenNamed(String reference) throws Exception {
        Lock lock = resolver.resolve(profile(addOn("upbound-crossplane", reference)), PackSource.of(TestPacks.fixturePacks()));
        assertEquals("2.0.2-up.3", version(lock, "upbound-crossplane"));
    }

    // --- the built-in catalog --------------------------------------------------------------------------------------

    @Test
    void fullBuiltInStack() throws Exception {
        Lock lock = resolver.resolve(profile(full("1.30.x", "kube-prometheus-stack", "cert-manager")),
                TestPacks.everything());
        List<String> order = lock.layers().stream().map(l -> l.installOrder() + ":" + l.name() + "@" + l.version()).toList();
        assertEquals(List.of("1:ubuntu@22.04.5", "2:kubernetes@1.30.6", "3:cni-calico@3.28.2", "4:csi-local-path@0.0.30",
                "5:cert-manager@1.15.3", "6:kube-prometheus-stack@65.1.1"), order);
        assertEquals(OptionalInt.of(10), layer(lock, "cert-manager").installPriority());
        assertEquals(OptionalInt.of(30), layer(lock, "kube-prometheus-stack").installPriority());
        assertEquals(OptionalInt.empty(), layer(lock, "kubernetes").installPriority());
        assertEquals(Layer.K8S, layer(lock, "kubernetes").layer());
        for (LockedLayer layer : lock.layers()) {
            assertTrue(layer.digest().startsWith("sha256:"), layer.name());
            assertEquals(YamlText.sha256(layer.values()), layer.valuesDigest());
            assertEquals(Optional.of("packyard"), layer.registry());
            assertEquals(Optional.of("spectro-packs/archive/" + layer.name()), layer.repository());
            assertEquals(List.of(), layer.warnings(), layer.name());
        }
        assertEquals(new LockedProfile("platform", "1.0.0", "full", "aws"), lock.profile());
    }

    @Test
    void kubePrometheusStackNeedsCertManager() {
        String message = failure(full("1.30.x", "kube-prometheus-stack"), TestPacks.everything());
        assertContains(message, "kube-prometheus-stack 65.1.1 needs cert-manager >= 1.14.0, which the profile does not "
                + "have", "add the pack it needs to the profile");
    }

    @Test
    void newestCniNeedsNewerKubernetesSoAnOlderCniIsPicked() throws Exception {
        Lock lock = resolver.resolve(profile(full("1.28.x")), TestPacks.everything());
        assertEquals("1.28.15", version(lock, "kubernetes"));
        assertEquals("3.27.4", version(lock, "cni-calico"));
        assertEquals("0.0.28", version(lock, "csi-local-path"));
        assertEquals(List.of("newer cni-calico 3.28.2 is not used: cni-calico 3.28.2 needs kubernetes >= 1.29.0 and "
                + "<= 1.31.99, and kubernetes 1.28.15 is in the lock"), layer(lock, "cni-calico").warnings());
    }

    @Test
    void kubernetesBacktracksBelowItsNewestForAnAddOn() throws Exception {
        // velero 7.x supports kubernetes up to 1.30.99, so latest kubernetes (1.31.2) must give way.
        Lock lock = resolver.resolve(profile(full("latest", "velero@7.x")), TestPacks.everything());
        assertEquals("1.30.6", version(lock, "kubernetes"));
        assertEquals("7.2.1", version(lock, "velero"));
    }

    @Test
    void deprecatedVersionIsPickedWithAWarning() throws Exception {
        Lock lock = resolver.resolve(profile(full("1.29.x", "velero@6.x")), TestPacks.everything());
        assertEquals(List.of("velero 6.7.0 is deprecated; plan a move to a supported version"),
                layer(lock, "velero").warnings());
    }

    @Test
    void disabledOnlyWhenPinnedAndDeletedNever() throws Exception {
        PackSource source = PackSource.of(List.of(
                synthetic("app", "3.0.0", Layer.ADDON, List.of("all"), PackState.DELETED, Optional.empty()),
                synthetic("app", "2.0.0", Layer.ADDON, List.of("all"), PackState.DISABLED, Optional.empty()),
                synthetic("app", "1.0.0", Layer.ADDON)));
        assertEquals("1.0.0", version(resolver.resolve(profile(addOn("app", "latest")), source), "app"));
        Lock pinned = resolver.resolve(profile(addOn("app", "2.0.0")), source);
        assertEquals("2.0.0", version(pinned, "app"));
        assertContains(layer(pinned, "app").warnings().get(0), "app 2.0.0 is disabled");
        assertContains(failure(addOn("app", "3.0.0"), source), "app 3.0.0 is deleted from the registry");
        assertContains(failure(addOn("app", "2.x"), source), "app 2.0.0 is disabled; only an exact pin (2.0.0) may still use it");
    }

    @Test
    void groupTrainNeedsThePacksGroup() throws Exception {
        PackSource source = PackSource.of(List.of(
                synthetic("os-a", "22.04.9", Layer.ADDON, List.of("all"), PackState.ACTIVE, Optional.empty()),
                synthetic("os-a", "22.04.5", Layer.ADDON, List.of("all"), PackState.ACTIVE, Optional.of("LTS"))));
        assertEquals("22.04.5", version(resolver.resolve(profile(addOn("os-a", "lts__22.04.x")), source), "os-a"));
        assertEquals("22.04.5", version(resolver.resolve(profile(addOn("os-a", "LTS__22.04.5")), source), "os-a"));
        assertEquals("22.04.9", version(resolver.resolve(profile(addOn("os-a", "22.04.x")), source), "os-a"));
    }

    @Test
    void cloudTypeMustBeSupported() {
        String yaml = full("1.30.x").replace("cloudType: aws", "cloudType: edge-native");
        String message = failure(yaml, TestPacks.everything());
        assertContains(message, "ubuntu 22.04.5 supports cloud types aws, azure, gcp, vsphere, openstack, maas, not "
                + "edge-native", "layers[0]");
    }

    @Test
    void palettesExportResolvesAsItIs() throws Exception {
        Lock lock = resolver.resolve(profile("""
                {"metadata": {"name": "exported"},
                 "spec": {"version": "1.0.0", "template": {"type": "cluster", "cloudType": "aws", "packs": [
                   {"name": "ubuntu", "type": "spectro", "layer": "os", "version": "22.04.5", "tag": "LTS__22.04.x",
                    "registry": {"metadata": {"uid": "5eecc89d0b150045ae661cef", "name": "Public Repo", "kind": "pack"}}},
                   {"name": "kubernetes", "type": "spectro", "layer": "k8s", "version": "1.29.8", "tag": "1.29.x"},
                   {"name": "cni-calico", "type": "spectro", "layer": "cni", "version": "3.27.3", "tag": "3.27.x"},
                   {"name": "csi-local-path", "type": "spectro", "layer": "csi"},
                   {"name": "hello-universe", "type": "manifest", "layer": "addon", "version": "1.0.0",
                    "values": "pack:\\n  spectrocloud.com/install-priority: \\"{{.spectro.var.priority}}\\"",
                    "manifests": [{"name": "hello-universe", "content": "apiVersion: v1\\nkind: Service\\n"}]}]},
                  "variables": [{"name": "priority", "format": "number", "defaultValue": "7", "required": true}]}}
                """), TestPacks.everything());
        assertEquals(List.of("ubuntu@22.04.5", "kubernetes@1.29.10", "cni-calico@3.27.4", "csi-local-path@0.0.30",
                "hello-universe@1.0.0"), lock.layers().stream().map(l -> l.name() + "@" + l.version()).toList());
        assertEquals(OptionalInt.of(7), layer(lock, "hello-universe").installPriority());
        assertEquals(new LockedProfile("exported", "1.0.0", "full", "aws"), lock.profile());
    }

    @Test
    void registryRestrictsCandidates() throws Exception {
        String yaml = addOn("crossplane", "latest") + "    registry: pack-central\n";
        assertEquals("2.3.0", version(resolver.resolve(profile(yaml), TestPacks.everything()), "crossplane"));
        String message = failure(addOn("crossplane", "latest") + "    registry: elsewhere\n", TestPacks.everything());
        assertContains(message, "pack 'crossplane' is not in registry 'elsewhere'; it is in pack-central");
    }
}
