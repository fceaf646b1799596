package dev.packyard.packs.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds chart {@code .tgz} archives, well-formed or hostile, in memory; names are written as given (absolute too). */
final class ChartTars {

    static final String CHART_YAML = """
            apiVersion: v2
            name: mychart
            description: A Helm chart for Kubernetes
            type: application
            version: 0.1.0
            appVersion: "1.16.0"
            """;

    interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private ChartTars() {
    }

    static byte[] tgz(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip(out), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The layout {@code helm create mychart && helm package mychart} gives, trimmed. */
    static byte[] normalChart() {
        return tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "mychart/values.yaml", "replicaCount: 1\n");
            file(tar, "mychart/templates/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        });
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        entry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static void folder(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true));
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** {@code size} zero bytes in one entry, streamed through gzip at its fastest level. */
    static void zeros(TarArchiveOutputStream tar, String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        byte[] chunk = new byte[1 << 20];
        for (long written = 0; written < size; written += chunk.length) {
            tar.write(chunk, 0, (int) Math.min(chunk.length, size - written));
        }
        tar.closeArchiveEntry();
    }

    private static OutputStream gzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
