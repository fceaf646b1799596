package dev.packyard.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the Helm charts of benchmark/helm.sh: {@code --charts} charts of {@code --versions} versions
 * each, every one a chart package as {@code helm package} makes it (a gzip'd tar holding only the files
 * {@code NAME/Chart.yaml}, {@code NAME/values.yaml} and {@code NAME/templates/configmap.yaml}). The
 * output is deterministic: fixed modification times, uid/gid 0, no user names, gzip without a time stamp.
 * Also writes {@code --list}, the files in upload order: every chart's first version, then every
 * chart's second, and so on, so that concurrent uploads are mostly of different charts.
 */
final class ChartGenerator {

    static final String USAGE = """
            Usage: LoadDriver charts --out DIR --list FILE [--charts 50] [--versions 100] [--search-corpus]
              writes DIR/NAME-VERSION.tgz for chart NAME = bench-chart-000 ... and VERSION = 1.0.0, 1.0.1, ...
              (1.<v/10>.<v%10>), and FILE, the paths in upload order (versions interleaved across charts)
              --search-corpus  names, descriptions and keywords from a word list (benchmark/search.sh), e.g.
                               grafana-vault-c00042, and up to 20,000 charts
            Prints one line: files=... bytes=... mean_bytes=...""";

    /** 2024-01-01T00:00:00Z: a fixed modification time, so the same options give the same bytes. */
    private static final long MTIME_SECONDS = 1_704_067_200L;

    private ChartGenerator() {
    }

    static void main(String[] args) {
        Path out = null;
        Path list = null;
        int charts = 50;
        int versions = 100;
        boolean corpus = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (option.equals("--search-corpus")) {
                    corpus = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + option + "\n" + USAGE);
                }
                String value = args[++i];
                switch (option) {
                    case "--out" -> out = Path.of(value);
                    case "--list" -> list = Path.of(value);
                    case "--charts" -> charts = Integer.parseInt(value);
                    case "--versions" -> versions = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            }
            if (out == null || list == null) {
                throw new IllegalArgumentException("--out and --list are required\n" + USAGE);
            }
            int maxCharts = corpus ? 20_000 : 1000;
            if (charts < 1 || charts > maxCharts || versions < 1 || versions > 1000) {
                throw new IllegalArgumentException("need 1 <= --charts <= " + maxCharts + " and 1 <= --versions <= 1000");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Files.createDirectories(out);
            List<String> paths = new ArrayList<>();
            long bytes = 0;
            for (int v = 0; v < versions; v++) {
                for (int c = 0; c < charts; c++) {
                    String name = corpus ? SearchCorpus.chartName(c) : name(c);
                    String version = version(v);
                    byte[] tgz = corpus ? corpusChart(c, v) : chart(c, v);
                    Path file = out.resolve(name + "-" + version + ".tgz");
                    Files.write(file, tgz);
                    paths.add(file.toAbsolutePath().toString());
                    bytes += tgz.length;
                }
            }
            Files.write(list, paths, StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "files=%d bytes=%d mean_bytes=%.0f%n", paths.size(), bytes,
                    (double) bytes / paths.size());
        } catch (IOException e) {
            System.err.println("writing the charts failed: " + e);
            System.exit(1);
        }
    }

    static String name(int chart) {
        return String.format(Locale.ROOT, "bench-chart-%03d", chart);
    }

    static String version(int index) {
        return "1." + index / 10 + "." + index % 10;
    }

    /** The chart package of version {@code v} of chart {@code c}. */
    static byte[] chart(int c, int v) {
        String name = name(c);
        String version = version(v);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + "/Chart.yaml", """
                apiVersion: v2
                name: %1$s
                description: Chart %2$d of the Packyard Helm benchmark (benchmark/helm.sh), version %3$s
                type: application
                version: %3$s
                appVersion: "2.%4$d.0"
                keywords:
                  - packyard
                  - benchmark
                  - group-%5$d
                """.formatted(name, c, version, v, c % 5));
        files.put(name + "/values.yaml", """
                # Default values for %1$s.
                replicaCount: %2$d
                image:
                  repository: nginx
                  tag: "1.27.%3$d"
                config:
                  greeting: hello from %1$s %4$s
                  level: info
                """.formatted(name, 1 + v % 3, v % 10, version));
        files.put(name + "/templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-{{ .Chart.Name }}
                  labels:
                    app.kubernetes.io/name: {{ .Chart.Name }}
                    app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
                    helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
                data:
                  greeting: {{ .Values.config.greeting | quote }}
                  level: {{ .Values.config.level | quote }}
                  replicas: {{ .Values.replicaCount | quote }}
                """);
        return tarGz(files);
    }

    /** Version {@code v} of chart {@code c} of the search corpus ({@link SearchCorpus}). */
    static byte[] corpusChart(int c, int v) {
        String name = SearchCorpus.chartName(c);
        String version = version(v);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder keywords = new StringBuilder();
        SearchCorpus.chartKeywords(c).forEach(k -> keywords.append("  - ").append(k).append('\n'));
        files.put(name + "/Chart.yaml", """
                apiVersion: v2
                name: %1$s
                description: %2$s
                type: application
                version: %3$s
                appVersion: "2.%4$d.0"
                keywords:
                %5$s""".formatted(name, SearchCorpus.chartDescription(c), version, v, keywords));
        files.put(name + "/values.yaml", """
                replicaCount: %d
                image:
                  repository: nginx
                  tag: "1.27.%d"
                """.formatted(1 + v % 3, v % 10));
        files.put(name + "/templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-{{ .Chart.Name }}
                """);
        return tarGz(files);
    }

    /** A ustar archive of regular files (mode 0644, uid/gid 0, fixed mtime), gzip-compressed. */
    static byte[] tarGz(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return tarGzBytes(bytes);
    }

    /** {@link #tarGz} of binary files. */
    static byte[] tarGzBytes(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                byte[] content = file.getValue();
                gzip.write(header(file.getKey(), content.length));
                gzip.write(content);
                int pad = (512 - content.length % 512) % 512;
                gzip.write(new byte[pad]);
            }
            gzip.write(new byte[1024]); // end of archive: two zero blocks
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] header(String name, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar name longer than 100 bytes: " + name);
        }
        byte[] header = new byte[512];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, MTIME_SECONDS);
        header[156] = '0';
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        // The checksum field: six octal digits, NUL, space.
        String checksum = String.format(Locale.ROOT, "%06o", sum);
        put(header, 148, checksum);
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    /** Writes {@code value} as zero-padded octal digits followed by a NUL, filling {@code length} bytes. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, padded);
        header[offset + length - 1] = 0;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}
