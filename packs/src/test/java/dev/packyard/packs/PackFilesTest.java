package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackFilesTest {

    @TempDir
    Path temp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void holdsDefensiveCopiesAndComparesByContent() {
        byte[] json = utf8("{}");
        TreeMap<String, byte[]> map = new TreeMap<>(Map.of("pack.json", json));
        PackFiles files = new PackFiles(map);
        json[0] = 'X';
        map.put("other", utf8("x"));
        assertEquals("{}", files.text("pack.json").orElseThrow());
        assertEquals(List.of("pack.json"), List.copyOf(files.paths()));

        files.file("pack.json").orElseThrow()[0] = 'Y';
        files.files().get("pack.json")[0] = 'Z';
        assertEquals("{}", files.text("pack.json").orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> files.paths().add("x"));

        PackFiles same = new PackFiles(new TreeMap<>(Map.of("pack.json", utf8("{}"))));
        assertEquals(files, same);
        assertEquals(files.hashCode(), same.hashCode());
        assertNotEquals(files, new PackFiles(new TreeMap<>(Map.of("pack.json", utf8("{ }")))));
        assertTrue(files.file("missing").isEmpty());
    }

    @Test
    void refusesPathsThatCouldEscapeOrCollide() {
        for (String bad : List.of("", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "a/", "a\\b")) {
            SortedMap<String, byte[]> map = new TreeMap<>(Map.of(bad, new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> new PackFiles(map), bad);
        }
        SortedMap<String, byte[]> fileAndFolder = new TreeMap<>(Map.of("charts", new byte[0], "charts/x.tgz", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new PackFiles(fileAndFolder));
        // "charts-x" sorts between "charts" and "charts/": not a conflict
        new PackFiles(new TreeMap<>(Map.of("charts", new byte[0], "charts-x/y", new byte[0])));
    }

    @Test
    void readsEveryFileOfAFixtureIncludingDotfiles() throws IOException {
        PackFiles files = Fixtures.read("crossplane-2.3.0");
        assertTrue(files.paths().contains("charts/crossplane/.helmignore"));
        assertTrue(files.paths().contains("charts/crossplane-2.3.0.tgz"));
        assertArrayEquals(Files.readAllBytes(Fixtures.pack("crossplane-2.3.0").resolve("logo.png")),
                files.file("logo.png").orElseThrow());
        try (var walk = Files.walk(Fixtures.pack("crossplane-2.3.0"))) {
            assertEquals(walk.filter(Files::isRegularFile).count(), files.paths().size());
        }
    }

    @Test
    void writeToThenReadFolderGivesTheSameFiles() throws IOException {
        PackFiles files = Fixtures.read("argocd-3.26.7");
        Path out = temp.resolve("out");
        files.writeTo(out);
        assertTrue(Files.exists(out.resolve("pack.json")), "files go straight into the folder");
        assertEquals(files, PackFiles.readFolder(out));
    }

    @Test
    void symlinksInsideTheFolderAreFollowed() throws IOException {
        Path dir = temp.resolve("pack");
        Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(dir.resolve("manifests/a.yaml"), "kind: A");
        Files.createSymbolicLink(dir.resolve("manifests/b.yaml"), Path.of("a.yaml"));
        Files.createSymbolicLink(dir.resolve("more"), Path.of("manifests"));
        PackFiles files = PackFiles.readFolder(dir);
        assertEquals(List.of("manifests/a.yaml", "manifests/b.yaml", "more/a.yaml", "more/b.yaml"),
                List.copyOf(files.paths()));
    }

    @Test
    void symlinksLeavingTheFolderAreRefused() throws IOException {
        Path dir = temp.resolve("pack");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pack.json"), "{}");
        Files.createSymbolicLink(dir.resolve("values.yaml"), Path.of("/etc/passwd"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> PackFiles.readFolder(dir));
        assertEquals("values.yaml", e.entry());
        assertEquals("folder.link-outside", e.rule());
        assertTrue(e.getMessage().contains("values.yaml"), e.getMessage());

        Path dir2 = temp.resolve("pack2");
        Files.createDirectories(dir2);
        Files.createSymbolicLink(dir2.resolve("charts"), temp);
        assertEquals("folder.link-outside",
                assertThrows(UnsafeArchiveException.class, () -> PackFiles.readFolder(dir2)).rule());

        Path dir3 = temp.resolve("pack3");
        Files.createDirectories(dir3);
        Files.createSymbolicLink(dir3.resolve("gone"), Path.of("nowhere"));
        assertEquals("folder.broken-link",
                assertThrows(UnsafeArchiveException.class, () -> PackFiles.readFolder(dir3)).rule());
    }

    @Test
    void writeToDoesNotFollowALinkOutOfTheTarget() throws IOException {
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        Path out = temp.resolve("out");
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("manifests"), outside);
        PackFiles files = Fixtures.files(Fixtures.minimalPack());
        assertThrows(UnsafeArchiveException.class, () -> files.writeTo(out));
        assertFalse(Files.exists(outside.resolve("demo.yaml")));
    }
}
