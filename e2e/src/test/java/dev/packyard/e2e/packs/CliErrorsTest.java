package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.packs.CliProcess.Result;
import dev.packyard.e2e.packs.Fixtures.Fixture;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code packyard} CLI does with bad input and a registry it cannot reach: invalid packs are refused with
 * their problems (file and field) and nothing reaches the registry; a mix pushes the valid pack and reports both; a
 * zip-slip archive and a decompression bomb are refused with a clear message; an unreachable registry gets one
 * sentence, never a stack trace.
 */
class CliErrorsTest {

    private static final Fixture MULTUS = Fixtures.packCentral("multus-3.9.0");
    private static final Fixture HELLO = Fixtures.packCentral("hello-universe-1.3.0");
    private static final Fixture ANTREA = Fixtures.packCentral("antrea-1.9.0");
    private static final String MULTUS_REPOSITORY = RegistryHttp.repository("cni-multus");

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static RegistryHttp http;
    private static CliProcess cli;

    @BeforeAll
    static void startServerWithOnePack() {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new RegistryHttp(server.baseUri());
        cli = new CliProcess(tmp.resolve("home"), server.baseUri());
        // the registry is not empty, so "nothing stored" compares against something
        Result push = cli.run("push", ANTREA.folder().toString());
        assertEquals(0, push.exitCode(), push::toString);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** What a refused push must leave as it was: the catalog, the repositories, the pack's tags. */
    private record Snapshot(String catalog, List<String> repositories, List<String> multusTags) {
        static Snapshot take() {
            return new Snapshot(http.get("/v1/packs?limit=500").body(), http.repositories(), http.tags(MULTUS_REPOSITORY));
        }
    }

    private static Path broken(String name, String file, String from, String to) throws IOException {
        Path folder = Fixtures.copy(MULTUS.folder(), tmp.resolve("broken").resolve(name));
        Path target = folder.resolve(file);
        String content = Files.readString(target, StandardCharsets.UTF_8);
        assertTrue(content.contains(from), () -> file + " of " + MULTUS + " no longer contains " + from);
        Files.writeString(target, content.replace(from, to), StandardCharsets.UTF_8);
        return folder;
    }

    /** A push of one invalid pack: exit 1, one 'failed' line, the problem on stderr, nothing in the registry. */
    private static Result assertRefusedLocally(Path folder, String label, String problem) {
        Snapshot before = Snapshot.take();
        Result push = cli.run("push", folder.toString());
        assertEquals(1, push.exitCode(), push::toString);
        List<String> lines = push.stdoutLines();
        assertEquals(1, lines.size(), push::toString);
        assertTrue(lines.get(0).startsWith("failed " + label + ": the pack has "), push::toString);
        assertTrue(push.stderr().lines().anyMatch(line -> line.strip().startsWith(problem)),
                () -> "expected a line starting with '" + problem + "':\n" + push);
        assertNoStackTrace(push);
        assertEquals(before, Snapshot.take(), "a refused pack must leave the registry as it was");
        assertTrue(http.tags(MULTUS_REPOSITORY).isEmpty());
        assertEquals(404, http.status("/v1/packs/cni-multus"));
        return push;
    }

    @Test
    void unknownLayerIsRefusedWithFileAndField() throws IOException {
        Path folder = broken("unknown-layer", "pack.json", "\"layer\": \"addon\"", "\"layer\": \"network\"");
        assertRefusedLocally(folder, "cni-multus 3.9.0", "ERROR pack.json layer: 'network' is not one of");

        // validate says the same, on stdout, with exit 1
        Result validate = cli.runLocal("validate", folder.toString());
        assertEquals(1, validate.exitCode(), validate::toString);
        assertTrue(validate.stdout().contains("ERROR pack.json layer: 'network' is not one of kernel, os, k8s, cni, csi, addon"),
                validate::toString);
        List<String> lines = validate.stdoutLines();
        assertTrue(Pattern.matches("cni-multus 3\\.9\\.0: invalid \\(1 error, \\d+ warnings?\\)", lines.get(lines.size() - 1)),
                validate::toString);
    }

    @Test
    void missingNameIsRefusedWithFileAndField() throws IOException {
        Path folder = broken("missing-name", "pack.json", "\"name\": \"cni-multus\",", "");
        // without a name the pack is reported by its path
        assertRefusedLocally(folder, folder.toString(), "ERROR pack.json name: is missing");
    }

    @Test
    void tabInValuesYamlIsRefusedWithFileAndLine() throws IOException {
        Path folder = broken("tab-in-values", "values.yaml", "pack:\n  namespace:", "pack:\n\tnamespace:");
        Result push = assertRefusedLocally(folder, "cni-multus 3.9.0", "ERROR values.yaml: line 2 contains a tab");
        assertTrue(push.stderr().contains("(yaml.tab)"), push::toString);
    }

    @Test
    void aMixPushesTheValidPackAndReportsBoth() throws IOException {
        Path invalid = broken("mix-invalid", "pack.json", "\"layer\": \"addon\"", "\"layer\": \"network\"");
        List<String> repositoriesBefore = http.repositories();
        // the invalid pack first: a failure must not stop the packs after it
        Result push = cli.run("push", invalid.toString(), HELLO.folder().toString());
        assertEquals(1, push.exitCode(), push::toString);
        List<String> lines = push.stdoutLines();
        assertEquals(2, lines.size(), push::toString);
        assertTrue(lines.get(0).startsWith("failed cni-multus 3.9.0: the pack has 1 error"), push::toString);
        assertTrue(lines.get(1).matches("pushed hello-universe 1\\.3\\.0 sha256:[0-9a-f]{64}"), push::toString);
        assertTrue(push.stderr().contains("1 of 2 packs failed"), push::toString);
        assertTrue(push.stderr().contains("ERROR pack.json layer: 'network'"), push::toString);

        String digest = lines.get(1).substring(lines.get(1).lastIndexOf(' ') + 1);
        assertEquals(digest, http.catalogDigest("hello-universe", "1.3.0"));
        assertTrue(http.tags(RegistryHttp.repository("hello-universe")).containsAll(List.of("1.3.0", "1.x", "1.3.x")));
        assertEquals(404, http.status("/v1/packs/cni-multus"));
        assertTrue(http.tags(MULTUS_REPOSITORY).isEmpty());
        List<String> repositoriesAfter = new ArrayList<>(http.repositories());
        repositoriesAfter.remove(RegistryHttp.repository("hello-universe"));
        assertEquals(repositoriesBefore.stream().filter(r -> !r.equals(RegistryHttp.repository("hello-universe"))).toList(),
                repositoriesAfter);
    }

    @Test
    void zipSlipArchiveIsRefused() throws IOException {
        Path archive = tmp.resolve("zip-slip").resolve("cni-multus-3.9.0.tar.gz");
        Files.createDirectories(archive.getParent());
        tarGz(archive, Deflater.DEFAULT_COMPRESSION, tar -> {
            for (String file : MULTUS.files().paths()) {
                entry(tar, "cni-multus-3.9.0/" + file, MULTUS.files().file(file).orElseThrow());
            }
            entry(tar, "cni-multus-3.9.0/../../evil.sh", "#!/bin/sh\nrm -rf \"$HOME\"\n".getBytes(StandardCharsets.UTF_8));
        });
        // run two folders deep, so the entry would land in 'work/evil.sh' if anything wrote it
        Path workDir = Files.createDirectories(tmp.resolve("work").resolve("a").resolve("b"));
        Snapshot before = Snapshot.take();
        Result push = cli.runIn(workDir, "push", archive.toString());
        assertEquals(1, push.exitCode(), push::toString);
        assertEquals(1, push.stdoutLines().size(), push::toString);
        String line = push.stdoutLines().get(0);
        assertTrue(line.startsWith("failed " + archive), push::toString);
        assertTrue(line.contains("evil.sh") && line.contains("archive.path-traversal"), push::toString);
        assertNoStackTrace(push);
        assertEquals(before, Snapshot.take(), "a refused archive must leave the registry as it was");
        assertFalse(Files.exists(tmp.resolve("work").resolve("evil.sh")));
        assertFalse(Files.exists(tmp.resolve("evil.sh")));
        assertFalse(Files.exists(archive.getParent().getParent().resolve("evil.sh")));
    }

    @Test
    void decompressionBombIsRefusedQuickly() throws IOException {
        Path archive = tmp.resolve("bomb").resolve("cni-multus-3.9.0.tar.gz");
        Files.createDirectories(archive.getParent());
        long zeros = 2L * 1024 * 1024 * 1024;
        tarGz(archive, Deflater.BEST_SPEED, tar -> {
            entry(tar, "cni-multus-3.9.0/pack.json", MULTUS.files().file("pack.json").orElseThrow());
            entry(tar, "cni-multus-3.9.0/values.yaml", MULTUS.files().file("values.yaml").orElseThrow());
            TarArchiveEntry entry = new TarArchiveEntry("cni-multus-3.9.0/manifests/zeros.yaml");
            entry.setSize(zeros);
            tar.putArchiveEntry(entry);
            byte[] buffer = new byte[1024 * 1024];
            for (long written = 0; written < zeros; written += buffer.length) {
                tar.write(buffer);
            }
            tar.closeArchiveEntry();
        });
        long compressed = Files.size(archive);
        assertTrue(compressed < 16L * 1024 * 1024, "the bomb should be a few MB compressed, is " + compressed);

        Snapshot before = Snapshot.take();
        long started = System.nanoTime();
        Result push = cli.run("push", archive.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(1, push.exitCode(), push::toString);
        assertEquals(1, push.stdoutLines().size(), push::toString);
        String line = push.stdoutLines().get(0);
        assertTrue(line.startsWith("failed " + archive), push::toString);
        assertTrue(line.contains("archive.too-large") && line.contains("536870912"), push::toString);
        assertFalse(push.output().contains("OutOfMemoryError"), push::toString);
        assertNoStackTrace(push);
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "refusing the bomb took " + took);
        assertEquals(before, Snapshot.take(), "a refused archive must leave the registry as it was");
    }

    @Test
    void unreachableRegistryIsOneSentenceWithoutStackTrace() {
        String nowhere = "http://127.0.0.1:1";
        Result push = cli.runAgainst(nowhere, "push", HELLO.folder().toString());
        assertEquals(1, push.exitCode(), push::toString);
        assertEquals(List.of("failed hello-universe 1.3.0: cannot reach registry http://127.0.0.1:1 (connection refused;"
                        + " is `./packyard serve` running?)"), push.stdoutLines(), push::toString);
        assertNoStackTrace(push);

        Result ls = cli.runAgainst(nowhere, "ls");
        assertEquals(1, ls.exitCode(), ls::toString);
        assertTrue(ls.stderr().contains("cannot reach registry http://127.0.0.1:1"), ls::toString);
        assertNoStackTrace(ls);

        Path target = tmp.resolve("unreachable-pull");
        Result pull = cli.runAgainst(nowhere, "pull", "hello-universe", target.toString());
        assertEquals(1, pull.exitCode(), pull::toString);
        assertTrue(pull.stderr().contains("cannot reach registry http://127.0.0.1:1"), pull::toString);
        assertNoStackTrace(pull);
        assertFalse(Files.exists(target), "a failed pull must not leave the target folder behind");
    }

    @Test
    void pullOfMissingPackOrVersionSaysSo() {
        Path target = tmp.resolve("missing-pack");
        Result noPack = cli.run("pull", "no-such-pack", target.toString());
        assertEquals(1, noPack.exitCode(), noPack::toString);
        assertTrue(noPack.stderr().contains("no pack named 'no-such-pack'"), noPack::toString);
        assertNoStackTrace(noPack);
        Result noVersion = cli.run("pull", "antrea:9.9.9", target.toString());
        assertEquals(1, noVersion.exitCode(), noVersion::toString);
        assertTrue(noVersion.stderr().contains("no pack antrea:9.9.9"), noVersion::toString);
        assertNoStackTrace(noVersion);
        assertFalse(Files.exists(target), "a failed pull must not leave the target folder behind");
    }

    @Test
    void pullIntoNonEmptyFolderIsAUsageError() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("not-empty"));
        Path mine = Files.writeString(target.resolve("pack.json"), "mine", StandardCharsets.UTF_8);
        Result pull = cli.run("pull", ANTREA.ref(), target.toString());
        assertEquals(2, pull.exitCode(), pull::toString);
        assertTrue(pull.stderr().contains("is not empty") && pull.stderr().contains("--force"), pull::toString);
        assertArrayEquals("mine".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(mine));
        assertEquals(1, Fixtures.read(target).paths().size());

        Result forced = cli.run("pull", "--force", ANTREA.ref(), target.toString());
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(ANTREA.files(), Fixtures.read(target));
    }

    private static void assertNoStackTrace(Result result) {
        assertFalse(result.output().contains("\tat ") || result.output().contains("Exception"),
                () -> "a user must never see a stack trace or an exception name:\n" + result);
    }

    @FunctionalInterface
    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** Streams a tar through gzip into {@code file}: nothing of it is held in memory. */
    private static void tarGz(Path file, int level, TarWriter writer) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16) {
                 {
                     def.setLevel(level);
                 }
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            writer.write(tar);
        }
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
