package dev.packyard.resolver;

import static dev.packyard.resolver.TestPacks.profile;
import static dev.packyard.resolver.TestPacks.synthetic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.packs.Layer;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.lock.Lock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile's shape: infrastructure layers, add-on profiles, the same pack twice, unknown packs. */
class LayerRulesTest {

    private final Resolver resolver = new Resolver();

    List<String> errors(String yaml) {
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(profile(yaml), TestPacks.everything()));
        return e.problems().stream().map(Problem::format).toList();
    }

    static void assertHas(List<String> errors, String... parts) {
        ValuesTest.assertHas(errors, parts);
    }

    static String profileOf(String type, String... layers) {
        StringBuilder yaml = new StringBuilder("name: p\ntype: " + type + "\ncloudType: aws\nlayers:\n");
        for (String layer : layers) {
            String[] parts = layer.split("@", 2);
            yaml.append("  - name: ").append(parts[0]).append('\n');
            if (parts.length > 1) {
                yaml.append("    ").append(parts[1]).append('\n');
            }
        }
        return yaml.toString();
    }

    @Test
    void infrastructureLayersInOrder() {
        assertHas(errors(profileOf("full", "ubuntu", "cni-calico", "kubernetes", "csi-local-path")),
                "layers[2]: layers[2] kubernetes (k8s) comes after layers[1] cni-calico (cni); layers go in the order "
                        + "os, k8s, cni, csi, then add-ons (layer.order) -> fix: move kubernetes before cni-calico");
        assertHas(errors(profileOf("infra", "ubuntu", "kubernetes", "cert-manager", "cni-calico", "csi-local-path")),
                "layers[3] cni-calico (cni) comes after the add-on layers[2] cert-manager (addon)");
    }

    @Test
    void infrastructureLayersExactlyOnce() {
        assertHas(errors(profileOf("full", "ubuntu", "kubernetes", "cni-calico")),
                "layers: a full profile needs one csi layer and has none",
                "add a csi layer (e.g. csi-local-path), or make it an add-on profile");
        assertHas(errors(profileOf("cluster", "ubuntu", "kubernetes", "cni-calico", "cni-cilium", "csi-local-path")),
                "layers[3]: a full profile holds exactly one cni layer, but layers[2] cni-calico, layers[3] cni-cilium are all cni");
    }

    @Test
    void addOnProfilesHoldAddOnsOnly() {
        assertHas(errors(profileOf("add-on", "cert-manager", "ubuntu")),
                "layers[1]: ubuntu is a os layer; an add-on profile holds add-on layers only");
    }

    @Test
    void samePackTwiceNeedsDistinctDisplayNames() throws Exception {
        assertHas(errors(profileOf("add-on", "hello-universe", "hello-universe")),
                "layers[0].displayName: hello-universe is used by 2 layers (layers[0], layers[1]), and this one has no "
                        + "display name", "layers[1].displayName: hello-universe is used by 2 layers");
        assertHas(errors(profileOf("add-on", "hello-universe@displayName: a", "hello-universe@displayName: a")),
                "hello-universe is used twice with the display name 'a' (layers[0] and layers[1])");
        Lock lock = resolver.resolve(profile(profileOf("add-on", "hello-universe@displayName: a",
                "hello-universe@values: {pack: {spectrocloud.com/display-name: b}}")), TestPacks.everything());
        assertEquals(List.of("hello-universe (a)", "hello-universe (b)"), lock.layers().stream().map(l -> l.key()).toList());
    }

    @Test
    void unknownPackAndDeclaredLayerMismatch() {
        assertHas(errors(profileOf("add-on", "no-such-pack", "argocd")),
                "layers[0]: pack 'no-such-pack' is not in the catalog (pack.unknown) -> fix: check the name: it is "
                        + "pack.json's name (argo-cd, not the folder argocd-3.26.7)",
                "layers[1]: pack 'argocd' is not in the catalog");
        assertHas(errors(profileOf("add-on", "crossplane@layer: csi")),
                "crossplane 2.3.0 is a addon pack, but the profile puts it in a csi layer");
    }

    @Test
    void everyProblemOfTheProfileIsReportedAtOnce() {
        List<String> errors = errors(profileOf("add-on", "ubuntu", "no-such-pack", "crossplane@version: 9.x"));
        assertEquals(3, errors.size(), String.join("\n", errors));
    }

    @Test
    void unsatisfiableCombinationIsFoundBySearchAndExplained() {
        // Three add-ons that must pairwise differ in major version, with two majors to share: every pair on its own
        // can agree, so only the search finds there is no way. Free layers in front must not make it thrash.
        List<PackCandidate> candidates = new java.util.ArrayList<>();
        for (String name : List.of("free-a", "free-b", "free-c")) {
            for (int v = 1; v <= 100; v++) {
                candidates.add(synthetic(name, v + ".0.0", Layer.ADDON));
            }
        }
        candidates.addAll(differ("x", "y", "z"));
        String yaml = profileOf("add-on", "free-a", "free-b", "free-c", "x", "y", "z");
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(profile(yaml), PackSource.of(candidates)));
        String message = e.getMessage();
        assertTrue(message.contains("no combination of versions satisfies every constraint: with x 2.0.0, y 1.0.0, no "
                + "version of z is left (z 2.0.0 does not support x >= 2.0.0 and <= 2.0.0; z 1.0.0 does not support "
                + "y >= 1.0.0 and <= 1.0.0)"), message);
        assertTrue(message.contains("Versions tried: z 2.0.0, 1.0.0; x 2.0.0, 1.0.0; y 2.0.0, 1.0.0"), message);
        // Bounded work: a resolver allowed only a few steps gives up and says so.
        ResolutionException gaveUp = assertThrows(ResolutionException.class,
                () -> new Resolver(5).resolve(profile(yaml), PackSource.of(candidates)));
        assertTrue(gaveUp.getMessage().contains("gave up after 5 combinations without finding versions that satisfy "
                + "every constraint of free-a latest, free-b latest"), gaveUp.getMessage());
        assertTrue(gaveUp.getMessage().contains("pin some layers to exact versions"), gaveUp.getMessage());
    }

    /** Packs whose 1.0.0 and 2.0.0 refuse the same version of each other. */
    static List<PackCandidate> differ(String... names) {
        List<PackCandidate> candidates = new java.util.ArrayList<>();
        for (String name : names) {
            for (String version : List.of("1.0.0", "2.0.0")) {
                List<dev.packyard.packs.Dependency> deps = new java.util.ArrayList<>();
                for (String other : names) {
                    if (!other.equals(name)) {
                        deps.add(TestPacks.notSupported(other, version, version));
                    }
                }
                candidates.add(synthetic(name, version, Layer.ADDON, deps.toArray(dev.packyard.packs.Dependency[]::new)));
            }
        }
        return candidates;
    }
}
