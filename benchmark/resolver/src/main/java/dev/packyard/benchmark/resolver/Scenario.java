package dev.packyard.benchmark.resolver;

import dev.packyard.benchmark.resolver.Catalog.Family;
import dev.packyard.benchmark.resolver.Catalog.Release;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One measured case: a 15-layer profile (os, k8s, cni, csi and 11 add-ons) over the generated catalog, with each
 * layer's reference kept both as profile text (for the resolver) and as a predicate written here (for the lock check).
 */
record Scenario(String id, String title, String forces, boolean solvable, List<Layer> layers) {

    static final String CLOUD_TYPE = "aws";

    /** A layer: pack name and version reference. */
    record Layer(String name, Ref ref) {
    }

    /** A version reference: its text, and which versions it admits (releases only unless exact). */
    record Ref(String text, boolean exact, Predicate<Release> accepts) {

        static Ref latest() {
            return new Ref("latest", false, r -> !r.version.prerelease());
        }

        static Ref train(int major) {
            return new Ref(major + ".x", false, r -> !r.version.prerelease() && r.version.major() == major);
        }

        static Ref train(int major, int minor) {
            return new Ref(major + "." + minor + ".x", false, r -> !r.version.prerelease()
                    && r.version.major() == major && r.version.minor() == minor);
        }

        /** {@code lts__24.04.x}: the pack's group must be LTS. */
        static Ref ltsTrain(int major, int minor) {
            return new Ref("lts__" + major + "." + (minor < 10 ? "0" : "") + minor + ".x", false,
                    r -> !r.version.prerelease() && r.group.map("LTS"::equalsIgnoreCase).orElse(false)
                            && r.version.major() == major && r.version.minor() == minor);
        }

        /** {@code >=A.B <C}. */
        static Ref range(int major, int minor, int belowMajor) {
            Version low = Version.of(major, minor, 0);
            Version high = Version.of(belowMajor, 0, 0);
            return new Ref(">=" + major + "." + minor + " <" + belowMajor, false, r -> !r.version.prerelease()
                    && r.version.compareTo(low) >= 0 && r.version.compareTo(high) < 0);
        }

        /** {@code >=A.B}. */
        static Ref atLeast(int major, int minor) {
            Version low = Version.of(major, minor, 0);
            return new Ref(">=" + major + "." + minor, false,
                    r -> !r.version.prerelease() && r.version.compareTo(low) >= 0);
        }

        /** {@code ~A.B}: A.B.x. */
        static Ref tilde(int major, int minor) {
            return new Ref("~" + major + "." + minor, false, r -> !r.version.prerelease()
                    && r.version.major() == major && r.version.minor() == minor);
        }

        /** {@code ^A.B}: from A.B.0 below (A+1).0.0. */
        static Ref caret(int major, int minor) {
            Version low = Version.of(major, minor, 0);
            return new Ref("^" + major + "." + minor, false, r -> !r.version.prerelease()
                    && r.version.major() == major && r.version.compareTo(low) >= 0);
        }
    }

    /** The profile as the resolver reads it. */
    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("name: bench-").append(id).append("\nversion: 1.0.0\ntype: full\ncloudType: ").append(CLOUD_TYPE)
                .append("\ndescription: \"resolver benchmark, ").append(title).append("\"\nlayers:\n");
        for (Layer layer : layers) {
            y.append("  - name: ").append(layer.name()).append("\n    version: \"").append(layer.ref().text())
                    .append("\"\n");
        }
        return y.toString();
    }

    Scenario with(String newId, String newTitle, String newForces, boolean newSolvable, String pack, Ref ref) {
        List<Layer> changed = new ArrayList<>();
        for (Layer layer : layers) {
            changed.add(layer.name().equals(pack) ? new Layer(pack, ref) : layer);
        }
        return new Scenario(newId, newTitle, newForces, newSolvable, changed);
    }

    // --- the cases --------------------------------------------------------------------------------------------------

    /** The kubernetes train of the typical profile. */
    static final int TYPICAL_K8S_MINOR = 32;

    /**
     * Ubuntu {@code lts__24.04.x}, kubernetes {@code 1.32.x}, a CNI and a CSI, the four foundation add-ons and seven
     * add-ons drawn with the seed; every reference other than those two is drawn from latest, {@code N.x},
     * {@code N.M.x}, {@code >=N.M <N+1}, {@code ~N.M} and {@code ^N.M} around the newest version that supports the
     * newest kubernetes 1.32 patch, so that the profile can be resolved but the newest versions often cannot be used.
     */
    static Scenario typical(Catalog catalog, Random random) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer("ubuntu", Ref.ltsTrain(24, 4)));
        layers.add(new Layer("kubernetes", Ref.train(1, TYPICAL_K8S_MINOR)));
        Release k8s = newest(catalog.family("kubernetes"), r -> r.version.minor() == TYPICAL_K8S_MINOR);
        layers.add(new Layer("cni-calico", drawn(catalog.family("cni-calico"), k8s, random)));
        layers.add(new Layer("csi-longhorn", drawn(catalog.family("csi-longhorn"), k8s, random)));
        for (String foundation : Catalog.FOUNDATIONS) {
            layers.add(new Layer(foundation, drawn(catalog.family(foundation), k8s, random)));
        }
        List<String> others = new ArrayList<>(catalog.addons);
        others.removeAll(Catalog.FOUNDATIONS);
        Collections.shuffle(others, random);
        for (String name : others.subList(0, 7)) {
            layers.add(new Layer(name, drawn(catalog.family(name), k8s, random)));
        }
        return new Scenario("typical", "typical profile",
                "trains and ranges; kubernetes pinned to 1.32.x, so many add-ons settle below their newest", true,
                layers);
    }

    /** The typical profile with kubernetes pinned to 1.28.x, a line too old for the add-ons' references. */
    static Scenario conflict(Scenario typical) {
        return typical.with("conflict", "unsatisfiable: conflict", "kubernetes pinned to 1.28.x, too old for the "
                + "add-ons' references: explained by arc consistency, before any search", false, "kubernetes",
                Ref.train(1, 28));
    }

    /**
     * Kubernetes {@code >=1.30}, ubuntu, cilium and rook-ceph at latest, the four foundations at latest, and seven
     * tangle add-ons: with kubernetes 1.34 and 1.33 (12 patches) the tangle add-ons cannot get a major each, which
     * only a search finds out; kubernetes settles on 1.32 and most layers below their newest version.
     */
    static Scenario backtracking() {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer("ubuntu", Ref.latest()));
        layers.add(new Layer("kubernetes", Ref.atLeast(1, 30)));
        layers.add(new Layer("cni-cilium", Ref.latest()));
        layers.add(new Layer("csi-rook-ceph", Ref.train(1)));
        for (String foundation : Catalog.FOUNDATIONS) {
            layers.add(new Layer(foundation, Ref.latest()));
        }
        for (int t = 1; t <= 7; t++) {
            layers.add(new Layer(Catalog.tangleName(t), t % 2 == 1 ? Ref.latest() : Ref.atLeast(1, 0)));
        }
        return new Scenario("backtracking", "worst case: deep backtracking",
                "the newest kubernetes (1.34, 1.33: 12 patches) leaves 6 majors for 7 tangle add-ons; each patch is "
                        + "refuted by search before 1.32 works", true, layers);
    }

    /** The backtracking profile with kubernetes limited to 1.33 and 1.34: the search refutes every combination. */
    static Scenario exhausted(Scenario backtracking) {
        return backtracking.with("exhausted", "unsatisfiable: search exhausted", "kubernetes >=1.33: all 12 patches "
                + "refuted by search, then explained", false, "kubernetes", Ref.atLeast(1, 33));
    }

    /** A reference drawn with the seed around the newest usable version that supports {@code k8s}. */
    private static Ref drawn(Family family, Release k8s, Random random) {
        Release target = newest(family, r -> !r.version.prerelease() && r.state.isEmpty()
                && r.clouds.contains("all") && r.deps.stream().filter(d -> d.pack().equals("kubernetes"))
                        .allMatch(d -> Version.within(k8s.version, d.min(), d.max()) != d.type().equals("notSupported")));
        int major = target.version.major();
        int minor = target.version.minor();
        return switch (random.nextInt(6)) {
            case 0 -> Ref.latest();
            case 1 -> Ref.train(major);
            case 2 -> Ref.train(major, minor);
            case 3 -> Ref.range(major, Math.max(0, minor - 2), major + 1);
            case 4 -> Ref.tilde(major, minor);
            default -> Ref.caret(major, Math.max(0, minor - 1));
        };
    }

    private static Release newest(Family family, Predicate<Release> filter) {
        Release best = null;
        for (Release r : family.releases) {
            if (filter.test(r) && (best == null || r.version.compareTo(best.version) > 0)) {
                best = r;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no version of " + family.name + " fits");
        }
        return best;
    }
}
