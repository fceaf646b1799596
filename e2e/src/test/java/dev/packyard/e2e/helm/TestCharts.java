package dev.packyard.e2e.helm;

import com.marcnuri.helm.Helm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Helm charts made at test time: a chart folder written here and packaged by the real Helm ({@code helm package},
 * optionally {@code --sign}), and hand-made archives Helm would refuse to build, for the bad-input tests.
 *
 * <p>Every chart renders one ConfigMap that names the release, the chart, its version and a value, so a
 * {@code helm template} shows which chart version was fetched.
 */
final class TestCharts {

    /** The value of {@code greeting} in every chart's values.yaml. */
    static final String GREETING = "hello from packyard";

    private TestCharts() {
    }

    /** A packaged chart: the .tgz Helm wrote, and its .tgz.prov when it was signed. */
    record Packaged(String name, String version, Path tgz, Path prov) {

        byte[] bytes() {
            return read(tgz);
        }

        byte[] provBytes() {
            if (prov == null) {
                throw new IllegalStateException(tgz + " was not signed");
            }
            return read(prov);
        }

        /** {@code NAME-VERSION.tgz}, the chart's file name in a classic repository. */
        String fileName() {
            return name + "-" + version + ".tgz";
        }
    }

    /** Writes chart {@code name} at {@code version} under {@code workDir} and packages it with Helm. */
    static Packaged chart(Path workDir, String name, String version) {
        return chart(workDir, name, version, GREETING);
    }

    /** Like {@link #chart(Path, String, String)} with another {@code greeting} in values.yaml: other bytes. */
    static Packaged chart(Path workDir, String name, String version, String greeting) {
        Path chartDir = writeChart(workDir.resolve("src").resolve(name + "-" + version), name, version, greeting);
        Path out = createDirectories(workDir.resolve("packaged"));
        new Helm(chartDir).packageIt().withDestination(out).call();
        return packaged(out, name, version, false);
    }

    /** Like {@link #chart}, signed with the keyring's key: Helm writes the .tgz.prov next to the .tgz. */
    static Packaged signedChart(Path workDir, String name, String version, TestKeyring keyring) {
        Path chartDir = writeChart(workDir.resolve("src").resolve(name + "-" + version), name, version, GREETING);
        Path out = createDirectories(workDir.resolve("signed"));
        new Helm(chartDir).packageIt().withDestination(out)
                .sign().withKey(keyring.userId()).withKeyring(keyring.secretKeyring())
                .call();
        return packaged(out, name, version, true);
    }

    private static Packaged packaged(Path out, String name, String version, boolean signed) {
        Path tgz = out.resolve(name + "-" + version + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            throw new IllegalStateException("helm package wrote no " + tgz + "; found " + list(out));
        }
        Path prov = out.resolve(tgz.getFileName() + ".prov");
        if (signed && !Files.isRegularFile(prov)) {
            throw new IllegalStateException("helm package --sign wrote no " + prov + "; found " + list(out));
        }
        return new Packaged(name, version, tgz, signed ? prov : null);
    }

    /** The chart folder: Chart.yaml, values.yaml and one ConfigMap template. */
    static Path writeChart(Path dir, String name, String version, String greeting) {
        Map<String, String> files = chartFiles(name, version, greeting);
        files.forEach((path, content) -> write(dir.resolve(path), content));
        return dir;
    }

    /** The chart's files by path inside the chart folder. */
    static Map<String, String> chartFiles(String name, String version) {
        return chartFiles(name, version, GREETING);
    }

    static Map<String, String> chartFiles(String name, String version, String greeting) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Chart.yaml", """
                apiVersion: v2
                name: %s
                description: A chart made by the Packyard Helm e2e tests
                type: application
                version: %s
                appVersion: "1.0.0"
                keywords:
                  - packyard-e2e
                """.formatted(name, version));
        files.put("values.yaml", """
                greeting: %s
                """.formatted(greeting));
        files.put(".helmignore", """
                .git/
                *.swp
                """);
        files.put("templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-{{ .Chart.Name }}
                data:
                  chartName: {{ .Chart.Name | quote }}
                  chartVersion: {{ .Chart.Version | quote }}
                  greeting: {{ .Values.greeting | quote }}
                """);
        return files;
    }

    /** A gzipped tar of {@code entries} (path → content) as written, with no checks: for charts Helm would refuse. */
    static byte[] tgz(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey(), true); // true: keep the name as is
                tarEntry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
                tarEntry.setSize(content.length);
                tarEntry.setMode(0644);
                tar.putArchiveEntry(tarEntry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A chart's files under its top folder, as a tgz Helm would package them. */
    static Map<String, String> underFolder(String folder, Map<String, String> files) {
        Map<String, String> entries = new LinkedHashMap<>();
        files.forEach((path, content) -> entries.put(folder + "/" + path, content));
        return entries;
    }

    /** The first half of a packaged chart: a gzip stream that ends in the middle. */
    static byte[] truncated(byte[] tgz) {
        return Arrays.copyOf(tgz, tgz.length / 2);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String list(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
