package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PackArchiveTest {

    private static PackFiles read(byte[] archive) throws IOException {
        return PackArchive.read(new ByteArrayInputStream(archive), PackArchive.DEFAULT_MAX_EXPANDED_BYTES);
    }

    @ParameterizedTest
    @MethodSource("dev.packyard.packs.Fixtures#packs")
    void roundTripIsByteIdenticalAndEqualsTheFolder(String folder) throws IOException {
        PackFiles files = Fixtures.read(folder);
        byte[] first = PackArchive.create(files, folder);
        byte[] second = PackArchive.create(files, folder);
        assertArrayEquals(first, second, "the same files give the same bytes");
        PackFiles back = read(first);
        assertEquals(files, back, "dotfiles, expanded chart folders and binaries all survive");
        assertArrayEquals(first, PackArchive.create(back, folder), "re-archiving what was read gives the same bytes");
    }

    @Test
    void dotfilesAndExpandedChartFoldersAreKept() throws IOException {
        PackFiles files = Fixtures.read("argocd-3.26.7");
        PackFiles back = read(PackArchive.create(files, "argocd-3.26.7"));
        assertTrue(back.paths().contains("charts/argo-cd/.helmignore"));
        assertTrue(back.paths().contains("charts/argo-cd/templates/NOTES.txt") || back.paths().stream()
                .anyMatch(p -> p.startsWith("charts/argo-cd/templates/")));
        assertArrayEquals(files.file("charts/argo-cd.tgz").orElseThrow(), back.file("charts/argo-cd.tgz").orElseThrow());
    }

    @Test
    void entriesAreSortedWithFixedMetadataUnderOneTopFolder() throws IOException {
        byte[] archive = PackArchive.create(Fixtures.read("hello-universe-1.3.1"), "hello-universe-1.3.1");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                assertEquals(Instant.parse("1980-01-01T00:00:00Z"), e.getModTime().toInstant(), e.getName());
                assertEquals(0, e.getLongUserId());
                assertEquals(0, e.getLongGroupId());
                assertEquals("", e.getUserName());
                assertEquals("", e.getGroupName());
                assertEquals(e.isDirectory() ? 040755 : 0100644, e.getMode(), e.getName());
            }
        }
        assertEquals(List.of("hello-universe-1.3.1/", "hello-universe-1.3.1/README.md", "hello-universe-1.3.1/logo.png",
                "hello-universe-1.3.1/manifests/", "hello-universe-1.3.1/manifests/hello-universe.yaml",
                "hello-universe-1.3.1/pack.json", "hello-universe-1.3.1/presets.yaml", "hello-universe-1.3.1/schema.yaml",
                "hello-universe-1.3.1/values.yaml"), names);
        // gzip header: no modification time (bytes 4-7), OS "unknown" (byte 9)
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(archive, 8));
        assertEquals((byte) 255, archive[9]);
    }

    @Test
    void noTopFolderPutsFilesAtTheTop() throws IOException {
        PackFiles files = Fixtures.read("multus-3.9.0");
        byte[] archive = PackArchive.create(files, "");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            assertEquals("logo.png", tar.getNextEntry().getName());
        }
        assertEquals(files, read(archive));
    }

    @Test
    void longAndNonAsciiNamesAreDeterministicToo() throws IOException, InterruptedException {
        Map<String, byte[]> map = new TreeMap<>();
        map.put("pack.json", "{}".getBytes(StandardCharsets.UTF_8));
        map.put("charts/" + "a-very-long-folder-name/".repeat(6) + "values.yaml", "x: 1".getBytes(StandardCharsets.UTF_8));
        map.put("manifests/überprüfung-ñ.yaml", "kind: ConfigMap".getBytes(StandardCharsets.UTF_8));
        PackFiles files = new PackFiles(new TreeMap<>(map));
        byte[] first = PackArchive.create(files, "demo-1.0.0");
        Thread.sleep(1100); // anything taken from the clock would now differ
        assertArrayEquals(first, PackArchive.create(files, "demo-1.0.0"));
        assertEquals(files, read(first));
    }

    @Test
    void writeLeavesTheCallersStreamOpen() throws IOException {
        class Tracking extends ByteArrayOutputStream {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        }
        Tracking out = new Tracking();
        PackArchive.write(Fixtures.files(Fixtures.minimalPack()), "demo-1.0.0", out);
        assertTrue(!out.closed && out.size() > 0);
        assertArrayEquals(PackArchive.create(Fixtures.files(Fixtures.minimalPack()), "demo-1.0.0"), out.toByteArray());
    }

    @Test
    void refusesABadTopFolder() {
        PackFiles files = Fixtures.files(Fixtures.minimalPack());
        for (String bad : List.of("a/b", "..", "/abs", "x y")) {
            assertThrows(IllegalArgumentException.class, () -> PackArchive.create(files, bad), bad);
        }
    }

    @Test
    void readsArchivesMadeByOtherTools() throws IOException {
        // `tar -czf x.tgz .` style: "./" prefixes, a root folder entry, links that stay inside the pack
        byte[] archive = Fixtures.tarGz(tar -> {
            TarArchiveEntry root = new TarArchiveEntry("./");
            tar.putArchiveEntry(root);
            tar.closeArchiveEntry();
            Fixtures.file(tar, "./pack.json", "{\"name\":\"x\"}");
            Fixtures.file(tar, "./manifests/a.yaml", "kind: A");
            Fixtures.link(tar, "./manifests/b.yaml", TarConstants.LF_SYMLINK, "a.yaml");
            Fixtures.link(tar, "./manifests/c.yaml", TarConstants.LF_LINK, "./manifests/a.yaml");
        });
        PackFiles files = read(archive);
        assertEquals(List.of("manifests/a.yaml", "manifests/b.yaml", "manifests/c.yaml", "pack.json"),
                List.copyOf(files.paths()));
        assertEquals("kind: A", files.text("manifests/b.yaml").orElseThrow());
        assertEquals("kind: A", files.text("manifests/c.yaml").orElseThrow());
    }

    @Test
    void aSourceStreamFailureIsAnIoErrorNotABadArchive() {
        byte[] archive = PackArchive.create(Fixtures.files(Fixtures.minimalPack()), "demo-1.0.0");
        InputStream failing = new InputStream() {
            private int left = 40;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return archive[40 - left - 1] & 0xff;
            }
        };
        IOException e = assertThrows(IOException.class, () -> PackArchive.read(failing, 1 << 20));
        assertEquals("connection reset", e.getMessage());
        assertTrue(!(e instanceof UnsafeArchiveException));
    }
}
