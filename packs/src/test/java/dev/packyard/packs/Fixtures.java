package dev.packyard.packs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** The shared real packs (read in place, never copied into the project) and small builders for test inputs. */
final class Fixtures {

    static final List<String> PACKS = List.of("antrea-1.9.0", "argocd-3.26.7", "crossplane-1.16", "crossplane-1.19.1",
            "crossplane-2.1.3", "crossplane-2.3.0", "hello-universe-1.1.3", "hello-universe-1.3.0",
            "hello-universe-1.3.1", "multus-3.9.0", "nfs-subdir-external-4.0.13", "permission-manager-1.0.0",
            "upbound-crossplane-2.0.2-up.3");

    private Fixtures() {
    }

    /** {@code ../shared/fixtures} from the project root, found from wherever the tests run (module or root). */
    static Path shared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/fixtures").normalize();
            if (Files.isDirectory(candidate.resolve("pack-central"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }

    static Path pack(String folder) {
        return shared().resolve("pack-central").resolve(folder);
    }

    static PackFiles read(String folder) {
        try {
            return PackFiles.readFolder(pack(folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> packs() {
        return PACKS.stream();
    }

    /** A minimal valid pack, as text files, to break one rule at a time. */
    static Map<String, String> minimalPack() {
        Map<String, String> files = new TreeMap<>();
        files.put("pack.json", """
                {
                  "name": "demo",
                  "displayName": "Demo",
                  "version": "1.0.0",
                  "layer": "addon",
                  "cloudTypes": ["all"],
                  "kubeManifests": ["manifests/demo.yaml"]
                }
                """);
        files.put("values.yaml", """
                pack:
                  namespace: demo
                  content:
                    images:
                      - image: ghcr.io/example/demo:1.0.0
                manifests:
                  demo:
                    replicas: 1
                """);
        files.put("manifests/demo.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.namespace }}\n");
        files.put("README.md", "# Demo\n");
        files.put("logo.png", "\u0089PNG\r\n\u001a\n");
        return files;
    }

    static PackFiles files(Map<String, String> text) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        text.forEach((path, content) -> files.put(path, path.endsWith(".png")
                ? content.getBytes(StandardCharsets.ISO_8859_1) : content.getBytes(StandardCharsets.UTF_8)));
        return new PackFiles(files);
    }

    /** Writes entries with commons-compress directly, so tests can build archives PackArchive would never write. */
    interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] tarGz(Entries entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            entries.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(bytes.length);
        entry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
