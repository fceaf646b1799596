package dev.packyard.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The generated packs and charts of benchmark/search.sh: names, descriptions and keywords drawn from a fixed word
 * list, so that the search queries (names, prefixes, typos, several words) match meaningful subsets. Everything is a
 * pure function of the index, so the pack pusher, the chart generator and the query list agree without sharing files.
 */
final class SearchCorpus {

    static final String[] WORDS = {
        "prometheus", "grafana", "loki", "tempo", "jaeger", "zipkin", "fluentbit", "fluentd", "vector", "elastic",
        "kibana", "opensearch", "kafka", "zookeeper", "rabbitmq", "nats", "redis", "memcached", "postgres", "mysql",
        "mariadb", "mongodb", "cassandra", "etcd", "consul", "vault", "keycloak", "dex", "oauth", "ldap",
        "nginx", "traefik", "envoy", "haproxy", "istio", "linkerd", "cilium", "calico", "flannel", "multus",
        "metallb", "kube", "vip", "coredns", "externaldns", "certmanager", "letsencrypt", "velero", "restic", "minio",
        "longhorn", "rook", "ceph", "portworx", "openebs", "csi", "nfs", "smb", "iscsi", "snapshot",
        "argocd", "flux", "tekton", "jenkins", "gitea", "harbor", "registry", "sonarqube", "trivy", "falco",
        "kyverno", "gatekeeper", "opa", "spire", "sigstore", "cosign", "notary", "audit", "compliance", "fips",
        "ubuntu", "rhel", "rocky", "flatcar", "bottlerocket", "talos", "kairos", "kernel", "firmware", "bootstrap",
        "autoscaler", "karpenter", "keda", "descheduler", "dashboard", "metrics", "exporter", "alertmanager", "pushgateway",
        "thanos", "mimir", "cortex", "victoria", "otel", "collector", "tracing", "logging", "monitoring", "ingress",
        "gateway", "proxy", "mesh", "network", "storage", "backup", "security", "identity", "secrets", "policy",
        "scanner", "operator", "controller", "agent", "daemon", "sidecar", "webhook", "scheduler", "cache", "queue",
        "stream", "database", "search", "analytics", "notebook", "jupyter", "spark", "airflow", "mlflow", "kubeflow",
        "gpu", "nvidia", "driver", "edge", "iot", "arm", "windows", "vsphere", "azure", "aws"};

    static final String[] LAYERS = {"kernel", "os", "k8s", "cni", "csi", "addon", "addon", "addon", "addon", "addon"};
    static final String[] ADDON_TYPES = {"monitoring", "logging", "ingress", "security", "servicemesh", "registry"};
    static final String[] REPOSITORIES = {"stable", "community", "edge", "partners"};

    private SearchCorpus() {
    }

    /** A word picked from the index and a salt, spread evenly enough for meaningful facet counts. */
    static String word(long index, int salt) {
        long mixed = (index * 0x9E3779B97F4A7C15L) ^ (salt * 0xC2B2AE3D27D4EB4FL);
        mixed ^= mixed >>> 29;
        mixed *= 0xBF58476D1CE4E5B9L;
        mixed ^= mixed >>> 32;
        return WORDS[(int) Math.floorMod(mixed, (long) WORDS.length)];
    }

    static String chartName(int i) {
        return String.format(Locale.ROOT, "%s-%s-c%05d", word(i, 1), word(i, 2), i);
    }

    static String chartDescription(int i) {
        return String.format(Locale.ROOT, "%s %s chart, deploys %s with %s and %s for %s clusters",
                capitalize(word(i, 1)), word(i, 2), word(i, 3), word(i, 4), word(i, 5), word(i, 6));
    }

    static List<String> chartKeywords(int i) {
        return List.of(word(i, 7), word(i, 8), word(i, 9));
    }

    static String repository(int i) {
        return REPOSITORIES[i % REPOSITORIES.length];
    }

    static String packName(int i) {
        return String.format(Locale.ROOT, "%s-%s-p%05d", word(i, 11), word(i, 12), i);
    }

    static String packDisplayName(int i) {
        return capitalize(word(i, 11)) + " " + capitalize(word(i, 12)) + " " + i;
    }

    static String packDescription(int i) {
        return String.format(Locale.ROOT, "%s pack with %s, %s and %s; integrates %s for %s",
                capitalize(word(i, 13)), word(i, 14), word(i, 15), word(i, 16), word(i, 17), word(i, 18));
    }

    static String layer(int i) {
        return LAYERS[i % LAYERS.length];
    }

    static String addonType(int i) {
        return layer(i).equals("addon") ? ADDON_TYPES[(i / LAYERS.length) % ADDON_TYPES.length] : "";
    }

    static List<String> cloudTypes(int i) {
        return i % 4 == 0 ? List.of("aws", "azure") : List.of("all");
    }

    static String source(int i) {
        return i % 3 == 0 ? "spectrocloud" : "community";
    }

    static String capitalize(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** A word with one letter dropped, doubled or two swapped (a typo at edit distance 1 or 2). */
    static String typo(String word, Random random) {
        int at = 1 + random.nextInt(word.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> word.substring(0, at) + word.substring(at + 1);
            case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
            default -> word.substring(0, at - 1) + word.charAt(at) + word.charAt(at - 1) + word.substring(at + 1);
        };
    }

    /**
     * {@code LoadDriver search-urls}: writes the mixed query list of benchmark/search.sh, {@code --count} URLs of
     * {@code BASE/v1/search?...}: exact names, name prefixes, typos, several words, filtered queries and empty
     * queries (facets only), in a fixed shuffled order.
     */
    static void urls(String[] args) {
        String base = null;
        java.nio.file.Path out = null;
        java.nio.file.Path names = null;
        int charts = 0;
        int packs = 0;
        int count = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--out" -> out = java.nio.file.Path.of(args[i + 1]);
                case "--names" -> names = java.nio.file.Path.of(args[i + 1]);
                case "--charts" -> charts = Integer.parseInt(args[i + 1]);
                case "--packs" -> packs = Integer.parseInt(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (base == null || out == null || charts + packs < 1 || count < 6) {
            System.err.println("Usage: LoadDriver search-urls --base http://127.0.0.1:PORT --out FILE"
                    + " --charts N --packs N [--count 200] [--names FILE]\n"
                    + "  --names FILE  also writes every document's name, packs first, then charts");
            System.exit(2);
        }
        Random random = new Random(42);
        List<String> queries = new ArrayList<>();
        int each = count / 6;
        for (int k = 0; k < each; k++) { // exact names
            queries.add("q=" + name(random, charts, packs));
        }
        for (int k = 0; k < each; k++) { // prefixes: the first word and a part of the second
            String name = name(random, charts, packs);
            int dash = name.indexOf('-');
            queries.add("q=" + name.substring(0, Math.min(name.length(), dash + 3)));
        }
        for (int k = 0; k < each; k++) { // typos of words
            queries.add("q=" + typo(WORDS[random.nextInt(WORDS.length)], random));
        }
        for (int k = 0; k < each; k++) { // several words
            int n = 2 + random.nextInt(2);
            List<String> words = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                words.add(WORDS[random.nextInt(WORDS.length)]);
            }
            queries.add("q=" + String.join("%20", words));
        }
        for (int k = 0; k < each; k++) { // filtered
            String word = WORDS[random.nextInt(WORDS.length)];
            queries.add(switch (k % 4) {
                case 0 -> "q=" + word + "&type=chart";
                case 1 -> "q=" + word + "&type=pack&layer=" + LAYERS[random.nextInt(5)];
                case 2 -> "q=" + word + "&layer=addon&addonType=" + ADDON_TYPES[random.nextInt(ADDON_TYPES.length)];
                default -> "q=" + word + "&cloudType=aws&type=pack";
            });
        }
        while (queries.size() < count) { // empty queries: facets (and filters) only
            int k = queries.size();
            queries.add(switch (k % 4) {
                case 0 -> "q=";
                case 1 -> "q=&type=pack";
                case 2 -> "q=&layer=" + LAYERS[random.nextInt(6)];
                default -> "q=&type=pack&layer=addon&addonType=" + ADDON_TYPES[random.nextInt(ADDON_TYPES.length)];
            });
        }
        java.util.Collections.shuffle(queries, random);
        String prefix = base + "/v1/search?";
        List<String> urls = queries.stream().map(q -> prefix + q + "&limit=20").toList();
        try {
            java.nio.file.Files.write(out, urls, java.nio.charset.StandardCharsets.UTF_8);
            if (names != null) {
                List<String> all = new ArrayList<>();
                for (int i = 0; i < packs; i++) {
                    all.add(packName(i));
                }
                for (int i = 0; i < charts; i++) {
                    all.add(chartName(i));
                }
                java.nio.file.Files.write(names, all, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            System.err.println("cannot write " + out + ": " + e);
            System.exit(1);
        }
        System.out.println("urls=" + urls.size());
    }

    private static String name(Random random, int charts, int packs) {
        int pick = random.nextInt(charts + packs);
        return pick < charts ? chartName(pick) : packName(pick - charts);
    }
}
