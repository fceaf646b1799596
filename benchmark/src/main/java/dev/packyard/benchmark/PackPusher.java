package dev.packyard.benchmark;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code LoadDriver push-packs}: generates the packs of the search corpus ({@link SearchCorpus}) in memory and pushes
 * each one as {@code packyard push} stores it (config blob = pack.json, one {@code .tar.gz} layer, an OCI image
 * manifest with artifactType {@code application/vnd.packyard.pack.v1}, tagged with the version), over plain OCI:
 * monolithic {@code POST /v2/spectro-packs/archive/NAME/blobs/uploads/?digest=} for both blobs, then
 * {@code PUT .../manifests/VERSION}. Much faster than starting the CLI per batch, so benchmark/search.sh can push
 * thousands of packs. Prints the same line as {@code upload} (one upload = one pack, three requests).
 */
final class PackPusher {

    static final String USAGE = """
            Usage: LoadDriver push-packs --url http://127.0.0.1:PORT --packs N [--first 0] [--connections 8]
                                         [--max-seconds 600]
              pushes packs FIRST .. FIRST+N-1 of the search corpus (names like grafana-vault-p00042, version 1.0.0)
            Prints one line: uploads=... errors=... seconds=... rate=... p50_ms=... (per pack) ...""";

    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    /** A 1x1 RGBA PNG (70 bytes), as benchmark/packs.sh writes. */
    private static final byte[] LOGO = HexFormat.of().parseHex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f"
            + "15c4890000000d49444154789c63504858f01f0003e402207b860edc0000000049454e44ae426082");

    private PackPusher() {
    }

    static void main(String[] args) throws InterruptedException {
        URI uri = null;
        int packs = 0;
        int first = 0;
        int connections = 8;
        double maxSeconds = 600;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h") || i + 1 >= args.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--url" -> uri = URI.create(value);
                    case "--packs" -> packs = Integer.parseInt(value);
                    case "--first" -> first = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--max-seconds" -> maxSeconds = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
                }
            }
            if (uri == null || packs < 1 || !"http".equals(uri.getScheme()) || uri.getPort() < 0 || connections < 1) {
                throw new IllegalArgumentException(USAGE);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String host = uri.getHost() + ":" + uri.getPort();
        byte[][][] jobs = new byte[packs][][];
        long bytes = 0;
        for (int k = 0; k < packs; k++) {
            jobs[k] = push(host, first + k);
            bytes += Arrays.stream(jobs[k]).mapToLong(r -> r.length).sum();
        }
        System.exit(UploadDriver.run(new InetSocketAddress(uri.getHost(), uri.getPort()), jobs, connections, 201,
                maxSeconds, bytes));
    }

    /** The three requests that push pack {@code i}. */
    static byte[][] push(String host, int i) {
        String name = SearchCorpus.packName(i);
        String version = "1.0.0";
        String repository = "spectro-packs/archive/" + name;
        String layer = SearchCorpus.layer(i);
        String addon = SearchCorpus.addonType(i);
        String packJson = "{\"name\":\"" + name + "\",\"displayName\":\"" + SearchCorpus.packDisplayName(i)
                + "\",\"version\":\"" + version + "\",\"layer\":\"" + layer + "\","
                + (addon.isEmpty() ? "" : "\"addonType\":\"" + addon + "\",")
                + "\"cloudTypes\":[" + SearchCorpus.cloudTypes(i).stream().map(c -> "\"" + c + "\"")
                        .collect(Collectors.joining(",")) + "],"
                + "\"description\":\"" + SearchCorpus.packDescription(i) + "\","
                + "\"annotations\":{\"source\":\"" + SearchCorpus.source(i) + "\",\"description\":\""
                + SearchCorpus.packDescription(i) + "\"},\"kubeManifests\":[\"manifests/app.yaml\"]}\n";
        Map<String, byte[]> files = new LinkedHashMap<>();
        String top = name + "-" + version + "/";
        files.put(top + "README.md", ("# " + SearchCorpus.packDisplayName(i) + "\n\n" + SearchCorpus.packDescription(i)
                + ".\n").getBytes(StandardCharsets.UTF_8));
        files.put(top + "logo.png", LOGO);
        files.put(top + "manifests/app.yaml", String.join("\n", "apiVersion: apps/v1", "kind: Deployment", "metadata:",
                "  name: " + name, "  namespace: " + name, "spec:", "  replicas: 1", "  selector:", "    matchLabels:",
                "      app: " + name, "  template:", "    metadata:", "      labels:", "        app: " + name, "    spec:",
                "      containers:", "        - name: app", "          image: nginx:1.27.0", "")
                .getBytes(StandardCharsets.UTF_8));
        files.put(top + "pack.json", packJson.getBytes(StandardCharsets.UTF_8));
        files.put(top + "values.yaml", String.join("\n", "pack:", "  namespace: " + name, "  content:", "    images:",
                "      - image: nginx:1.27.0", "manifests:", "  app:", "    replicas: 1", "")
                .getBytes(StandardCharsets.UTF_8));
        byte[] config = packJson.getBytes(StandardCharsets.UTF_8);
        byte[] archive = ChartGenerator.tarGzBytes(files);
        String configDigest = sha256(config);
        String archiveDigest = sha256(archive);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"artifactType\":"
                + "\"application/vnd.packyard.pack.v1\",\"config\":{\"mediaType\":"
                + "\"application/vnd.packyard.pack.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.packyard.pack.layer.v1.tar+gzip\","
                + "\"digest\":\"" + archiveDigest + "\",\"size\":" + archive.length + ",\"annotations\":{"
                + "\"org.opencontainers.image.title\":\"" + name + "-" + version + ".tar.gz\"}}]}";
        return new byte[][] {
            request(host, "POST", "/v2/" + repository + "/blobs/uploads/?digest=" + configDigest,
                    "application/octet-stream", config),
            request(host, "POST", "/v2/" + repository + "/blobs/uploads/?digest=" + archiveDigest,
                    "application/octet-stream", archive),
            request(host, "PUT", "/v2/" + repository + "/manifests/" + version, MANIFEST_TYPE,
                    manifest.getBytes(StandardCharsets.UTF_8))};
    }

    private static byte[] request(String host, String method, String target, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: packyard-benchmark\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(int first, int packs) {
        return java.util.stream.IntStream.range(first, first + packs).mapToObj(SearchCorpus::packName).toList();
    }
}
