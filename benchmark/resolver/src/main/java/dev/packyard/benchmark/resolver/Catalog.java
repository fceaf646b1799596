package dev.packyard.benchmark.resolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackValidator;
import dev.packyard.resolver.PackCandidate;
import dev.packyard.resolver.PackSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A generated catalog of pack versions with dense constraints, the same for the same seed.
 *
 * <ul>
 *   <li>{@code ubuntu} (os, group LTS): 20.04, 22.04 and 24.04, 40 patches each; 20.04 does not support kubernetes
 *       1.31+, the first 24.04 patches not 1.27 and older.</li>
 *   <li>{@code kubernetes} (k8s): 1.24 to 1.34, 5 patches of 1.34 up to 25 of 1.24, plus two 1.35 release
 *       candidates; every version requires ubuntu within a window; old lines deprecated, one patch deleted, one
 *       disabled.</li>
 *   <li>two CNIs and two CSIs, 300 versions each, in minor lines; every version requires kubernetes within a 2-4 minor
 *       window that moves with its age.</li>
 *   <li>{@value #TANGLE_PACKS} {@code tangle-NN} add-ons (see {@link #TANGLE_PREFIX}) built to defeat pairwise
 *       consistency: for the backtracking case.</li>
 *   <li>regular add-ons, about 157 versions each, filling the catalog up to the total: each version requires (or, for
 *       some packs, optionally takes) kubernetes within a window; every add-on but the first depends on one of four
 *       foundation add-ons (required) and on one to four other add-ons (optional), each within a window of the
 *       target's versions released around the same time; some versions do not support a kubernetes patch range or
 *       a few versions of a target; some depend on a CNI; old versions deprecated, a few deleted, disabled, vSphere-only
 *       or release candidates.</li>
 * </ul>
 */
final class Catalog {

    static final int K8S_OLDEST = 24;
    static final int K8S_NEWEST = 34;
    static final String TANGLE_PREFIX = "tangle-";
    static final int TANGLE_PACKS = 8;
    /** Majors of each tangle add-on: the "slots" two tangle add-ons may not share. */
    static final int TANGLE_MAJORS = 8;
    static final List<String> FOUNDATIONS = List.of("cert-manager", "prometheus-operator", "external-secrets",
            "ingress-nginx");
    private static final List<String> ADDON_NAMES = List.of("cert-manager", "prometheus-operator", "external-secrets",
            "ingress-nginx", "external-dns", "kube-prometheus-stack", "loki", "fluent-bit", "argo-cd", "vault",
            "velero", "metallb", "kyverno", "gatekeeper", "istio", "linkerd", "keda", "traefik", "harbor", "minio",
            "redis-operator", "postgres-operator", "grafana", "jaeger", "tempo", "thanos", "opencost", "falco",
            "trivy-operator", "crossplane", "flux", "sealed-secrets", "reloader", "descheduler", "cluster-autoscaler",
            "metrics-server", "node-problem-detector", "kube-state-metrics", "opentelemetry-operator", "rabbitmq-operator",
            "kafka-operator", "elastic-operator", "spark-operator", "knative-serving", "kubevirt", "longhorn-backup",
            "dex", "oauth2-proxy", "kubecost", "chaos-mesh");

    /** One dependency as pack.json writes it. */
    record Dep(String pack, String layer, String min, String max, String type) {
    }

    /** One pack version of the model. */
    static final class Release {
        final String name;
        final String layer;
        final Version version;
        final String text;
        final String state;
        final List<String> clouds;
        final Optional<String> group;
        final List<Dep> deps = new ArrayList<>();
        String digest;

        Release(String name, String layer, Version version, String text, String state, List<String> clouds,
                Optional<String> group) {
            this.name = name;
            this.layer = layer;
            this.version = version;
            this.text = text;
            this.state = state;
            this.clouds = clouds;
            this.group = group;
        }

        @Override
        public String toString() {
            return name + " " + text;
        }
    }

    /** Every version of one pack, oldest first. */
    static final class Family {
        final String name;
        final String layer;
        final List<Release> releases = new ArrayList<>();

        Family(String name, String layer) {
            this.name = name;
            this.layer = layer;
        }

        /** Releases only (no release candidates), oldest first. */
        List<Release> released() {
            return releases.stream().filter(r -> !r.version.prerelease()).toList();
        }

        Optional<Release> find(Version v) {
            return releases.stream().filter(r -> r.version.compareTo(v) == 0).findFirst();
        }
    }

    final long seed;
    final Map<String, Family> families = new LinkedHashMap<>();
    final List<String> addons = new ArrayList<>();
    private final Random random;
    List<PackCandidate> candidates = List.of();
    PackSource source;

    private Catalog(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Generates the model of exactly {@code total} pack versions. */
    static Catalog generate(long seed, int total) {
        Catalog c = new Catalog(seed);
        c.ubuntu();
        c.kubernetes();
        c.lined("cni-calico", "cni", 3, 20, 12, 300);
        c.lined("cni-cilium", "cni", 1, 10, 8, 300);
        c.lined("csi-longhorn", "csi", 1, 2, 8, 300);
        c.lined("csi-rook-ceph", "csi", 1, 9, 8, 300);
        c.tangles();
        int left = total - c.size();
        if (left < ADDON_NAMES.size() * 20) {
            throw new IllegalArgumentException("--versions " + total + " leaves too few versions for the add-ons");
        }
        c.addons(left);
        if (c.size() != total) {
            throw new IllegalStateException("generated " + c.size() + " versions instead of " + total);
        }
        return c;
    }

    int size() {
        return families.values().stream().mapToInt(f -> f.releases.size()).sum();
    }

    long dependencyCount() {
        return families.values().stream().flatMap(f -> f.releases.stream()).mapToLong(r -> r.deps.size()).sum();
    }

    Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no pack " + name + " in the catalog");
        }
        return f;
    }

    // --- infrastructure ---------------------------------------------------------------------------------------------

    private void ubuntu() {
        Family f = add("ubuntu", "os");
        List<String> clouds = List.of("aws", "azure", "gcp", "vsphere", "openstack", "maas");
        for (int line : new int[] {20, 22, 24}) {
            for (int patch = 0; patch < 40; patch++) {
                Release r = release(f, Version.of(line, 4, patch), true, patch == 0 && line == 20 ? "deprecated" : "",
                        clouds, Optional.of("LTS"));
                if (line == 20) {
                    r.deps.add(new Dep("kubernetes", "k8s", "1.31.0", "", "notSupported"));
                } else if (line == 24 && patch < 5) {
                    r.deps.add(new Dep("kubernetes", "k8s", "", "1.27", "notSupported"));
                }
            }
        }
    }

    private void kubernetes() {
        Family f = add("kubernetes", "k8s");
        for (int minor = K8S_OLDEST; minor <= K8S_NEWEST; minor++) {
            int patches = 5 + 2 * (K8S_NEWEST - minor);
            for (int patch = 0; patch < patches; patch++) {
                String state = minor <= 25 ? "deprecated" : minor == 30 && patch == 3 ? "deleted"
                        : minor == 29 && patch == 1 ? "disabled" : "";
                Release r = release(f, Version.of(1, minor, patch), false, state, List.of("all"), Optional.empty());
                r.deps.add(new Dep("ubuntu", "os", minor >= 31 ? "22.04.0" : "20.04.0", minor <= 27 ? "22.04" : "",
                        "required"));
            }
        }
        for (int rc = 1; rc <= 2; rc++) {
            Release r = release(f, new Version(1, K8S_NEWEST + 1, 0, rc), false, "", List.of("all"), Optional.empty());
            r.deps.add(new Dep("ubuntu", "os", "24.04.0", "", "required"));
        }
    }

    /** A CNI or CSI: {@code lines} minor lines from {@code firstMinor}, {@code count} versions in all. */
    private void lined(String name, String layer, int major, int firstMinor, int lines, int count) {
        Family f = add(name, layer);
        int perLine = count / lines;
        int extra = count - perLine * lines;
        int index = 0;
        for (int line = 0; line < lines; line++) {
            int patches = perLine + (line < extra ? 1 : 0);
            for (int patch = 0; patch < patches; patch++, index++) {
                double age = index / (double) (count - 1);
                String state = age < 0.1 ? "deprecated" : random.nextInt(200) == 0 ? "deleted" : "";
                List<String> clouds = random.nextInt(20) == 0 ? List.of("vsphere") : List.of("all");
                Release r = release(f, Version.of(major, firstMinor + line, patch), false, state, clouds,
                        Optional.empty());
                r.deps.add(kubernetesWindow(age, "required"));
                if (name.equals("cni-cilium") && age < 0.3) {
                    r.deps.add(new Dep("ubuntu", "os", "24.04.0", "", "notSupported"));
                }
                if (name.equals("csi-rook-ceph") && random.nextInt(3) == 0) {
                    r.deps.add(new Dep("cni-cilium", "cni", "1." + (10 + (int) (age * 6)) + ".0", "", "optional"));
                }
            }
        }
    }

    /** Kubernetes within a 2-4 minor window that is newer the newer the pack version ({@code age} 0..1). */
    private Dep kubernetesWindow(double age, String type) {
        int hi = K8S_OLDEST + 2 + (int) Math.round(age * (K8S_NEWEST - K8S_OLDEST - 2));
        if (random.nextInt(4) == 0) {
            hi++; // already declares support for the next minor
        }
        int lo = Math.max(K8S_OLDEST, hi - 1 - random.nextInt(3));
        String min = random.nextInt(4) == 0 ? "1." + lo : "1." + lo + ".0";
        String max = random.nextBoolean() ? "1." + hi : "1." + hi + ".99";
        return new Dep("kubernetes", "k8s", min, max, type);
    }

    // --- the tangle add-ons -----------------------------------------------------------------------------------------

    /**
     * {@code tangle-NN} version {@code S.M.0} is major S built for kubernetes 1.M (it requires 1.M.x), and does not
     * support major S of any other tangle add-on: no two of them may run the same major. Every major is built for
     * kubernetes up to 1.31; 1.32 is built from major 2 up, 1.33 and 1.34 from major 3 up. So with kubernetes 1.33 or
     * 1.34 only six majors exist, and seven tangle add-ons cannot each get their own (a pigeonhole): every pair of
     * versions is fine on its own, so arc consistency removes nothing, and the search has to try the assignments of
     * six majors to the add-ons before it gives up on each such kubernetes version. With 1.32, seven majors exist.
     */
    private void tangles() {
        for (int t = 1; t <= TANGLE_PACKS; t++) {
            Family f = add(tangleName(t), "addon");
            for (int major = 1; major <= TANGLE_MAJORS; major++) {
                for (int minor = K8S_OLDEST; minor <= K8S_NEWEST; minor++) {
                    int firstMajor = minor >= 33 ? 3 : minor == 32 ? 2 : 1;
                    if (major < firstMajor) {
                        continue;
                    }
                    Release r = release(f, Version.of(major, minor, 0), false, "", List.of("all"), Optional.empty());
                    r.deps.add(new Dep("kubernetes", "k8s", "1." + minor + ".0", "1." + minor, "required"));
                    for (int other = 1; other <= TANGLE_PACKS; other++) {
                        if (other != t) {
                            r.deps.add(new Dep(tangleName(other), "addon", major + ".0.0", Integer.toString(major),
                                    "notSupported"));
                        }
                    }
                }
            }
        }
    }

    static String tangleName(int t) {
        return TANGLE_PREFIX + (t < 10 ? "0" : "") + t;
    }

    // --- regular add-ons --------------------------------------------------------------------------------------------

    private void addons(int versions) {
        int n = ADDON_NAMES.size();
        int[] counts = new int[n];
        int base = versions / n;
        int sum = 0;
        for (int a = 0; a < n; a++) {
            counts[a] = base - 20 + random.nextInt(41);
            sum += counts[a];
        }
        counts[n - 1] += versions - sum;
        // Versions first, so that dependencies can point at any add-on's versions.
        for (int a = 0; a < n; a++) {
            Family f = add(ADDON_NAMES.get(a), "addon");
            addons.add(f.name);
            Version v = Version.of(1 + random.nextInt(3), random.nextInt(5), 0);
            boolean rc = random.nextInt(3) == 0;
            int releases = counts[a] - (rc ? 1 : 0);
            for (int i = 0; i < releases; i++) {
                double age = i / (double) (releases - 1);
                String state = age < 0.15 ? "deprecated" : i < releases - 3 && random.nextInt(200) == 0 ? "deleted"
                        : i < releases - 3 && random.nextInt(300) == 0 ? "disabled" : "";
                List<String> clouds = random.nextInt(50) == 0 ? List.of("vsphere") : List.of("all");
                release(f, v, false, state, clouds, Optional.empty());
                double u = random.nextDouble();
                v = u < 0.03 ? Version.of(v.major() + 1, 0, 0) : u < 0.3 ? Version.of(v.major(), v.minor() + 1, 0)
                        : Version.of(v.major(), v.minor(), v.patch() + 1);
            }
            if (rc) {
                release(f, new Version(v.major(), v.minor() + 1, 0, 1), false, "", List.of("all"), Optional.empty());
            }
        }
        for (int a = 0; a < n; a++) {
            Family f = families.get(ADDON_NAMES.get(a));
            String k8sType = random.nextInt(4) == 0 ? "optional" : "required";
            List<String> targets = new ArrayList<>();
            if (a > 0) {
                targets.add(FOUNDATIONS.get(random.nextInt(Math.min(a, FOUNDATIONS.size()))));
            }
            for (int extra = 1 + random.nextInt(4); extra > 0 && a > FOUNDATIONS.size(); extra--) {
                String target = ADDON_NAMES.get(random.nextInt(a));
                if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
            int cni = random.nextInt(20);
            List<Release> released = f.released();
            for (Release r : f.releases) {
                double age = r.version.prerelease() ? 1.0 : released.indexOf(r) / (double) (released.size() - 1);
                r.deps.add(kubernetesWindow(age, k8sType));
                if (random.nextInt(12) == 0) {
                    int m = K8S_OLDEST + 3 + random.nextInt(K8S_NEWEST - K8S_OLDEST - 2);
                    r.deps.add(new Dep("kubernetes", "k8s", "1." + m + ".0", "1." + m + "." + random.nextInt(3),
                            "notSupported"));
                }
                for (int t = 0; t < targets.size(); t++) {
                    Family target = families.get(targets.get(t));
                    r.deps.add(window(target, age, t == 0 && FOUNDATIONS.contains(target.name) ? "required"
                            : "optional"));
                    if (random.nextInt(20) == 0) {
                        List<Release> tr = target.released();
                        int from = random.nextInt(tr.size() - 2);
                        r.deps.add(new Dep(target.name, "addon", tr.get(from).text, tr.get(from + 2).text,
                                "notSupported"));
                    }
                }
                if (cni == 0) {
                    r.deps.add(new Dep("cni-calico", "cni", "3." + (20 + (int) (age * 8)) + ".0", "", "optional"));
                } else if (cni == 1) {
                    r.deps.add(new Dep("cni-cilium", "cni", "", "", "notSupported"));
                }
            }
        }
    }

    /** A window on {@code target}'s versions released around the same time: age - 0.45 to age + 0.1. */
    private Dep window(Family target, double age, String type) {
        List<Release> tr = target.released();
        int last = tr.size() - 1;
        int lo = (int) Math.max(0, Math.floor((age - 0.45) * last));
        int hi = (int) Math.min(last, Math.ceil((age + 0.1) * last));
        String max = hi == last && random.nextBoolean() ? "" : tr.get(hi).text;
        return new Dep(target.name, "addon", tr.get(lo).text, max, type);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private Family add(String name, String layer) {
        Family f = new Family(name, layer);
        families.put(name, f);
        return f;
    }

    private static Release release(Family f, Version v, boolean padMinor, String state, List<String> clouds,
            Optional<String> group) {
        Release r = new Release(f.name, f.layer, v, v.text(padMinor), state, clouds, group);
        f.releases.add(r);
        return r;
    }

    // --- packs ------------------------------------------------------------------------------------------------------

    /**
     * Writes every version as pack.json + values.yaml, reads it with {@link PackValidator#load} and wraps it as a
     * {@link PackCandidate}; the digest is the SHA-256 of both files. Uses every core (the order of the result does not
     * depend on it).
     */
    void build() {
        List<Release> all = families.values().stream().flatMap(f -> f.releases.stream()).toList();
        PackValidator validator = new PackValidator();
        ObjectMapper json = new ObjectMapper();
        PackCandidate[] built = new PackCandidate[all.size()];
        IntStream.range(0, all.size()).parallel().forEach(i -> built[i] = candidate(all.get(i), validator, json));
        candidates = List.of(built);
        source = PackSource.of(candidates);
    }

    private static PackCandidate candidate(Release r, PackValidator validator, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("name", r.name);
        root.put("displayName", r.name);
        root.put("version", r.text);
        root.put("layer", r.layer);
        r.group.ifPresent(g -> root.put("group", g));
        ArrayNode clouds = root.putArray("cloudTypes");
        r.clouds.forEach(clouds::add);
        ObjectNode annotations = root.putObject("annotations");
        annotations.put("source", "packyard-benchmark");
        if (!r.state.isEmpty()) {
            annotations.put("system_state", r.state);
        }
        ArrayNode deps = root.putObject("constraints").putArray("dependencies");
        for (Dep d : r.deps) {
            ObjectNode dep = deps.addObject();
            dep.put("packName", d.pack());
            dep.put("layer", d.layer());
            dep.put("minVersion", d.min());
            dep.put("maxVersion", d.max());
            dep.put("type", d.type());
        }
        byte[] packJson;
        try {
            packJson = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] values = values(r).getBytes(StandardCharsets.UTF_8);
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("pack.json", packJson);
        files.put("values.yaml", values);
        PackLoad load = validator.load(new PackFiles(files));
        var pack = load.pack().orElseThrow(() -> new IllegalStateException(r + " does not validate:\n"
                + load.report().format()));
        r.digest = "sha256:" + sha256(packJson, values);
        return PackCandidate.of(pack, r.digest, "packyard", "spectro-packs/archive/" + r.name);
    }

    private static String values(Release r) {
        return switch (r.layer) {
            case "os" -> "pack:\n  osImageOverride: \"\"\nkubeadmconfig:\n  preKubeadmCommands:\n"
                    + "    - echo " + r.name + "-" + r.text + "\n";
            case "k8s" -> "pack:\n  k8sHardening: true\n  podCIDR: \"192.168.0.0/16\"\n"
                    + "  serviceClusterIpRange: \"10.96.0.0/12\"\n"
                    + "cluster:\n  config: |\n    clusterConfiguration:\n      kubernetesVersion: v" + r.text + "\n";
            default -> "pack:\n  namespace: \"" + r.name + "\"\n"
                    + (FOUNDATIONS.contains(r.name) ? "  spectrocloud.com/install-priority: \"-10\"\n" : "")
                    + "  content:\n    images:\n      - image: registry.example.com/" + r.name + ":" + r.text + "\n"
                    + "charts:\n  " + r.name + ":\n    replicaCount: 1\n    resources:\n      requests:\n"
                    + "        cpu: 100m\n        memory: 128Mi\n";
        };
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
