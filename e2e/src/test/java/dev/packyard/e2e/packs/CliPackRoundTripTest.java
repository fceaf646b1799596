package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.packs.CliProcess.Result;
import dev.packyard.e2e.packs.Fixtures.Fixture;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code packyard} CLI, run as a process, against the packaged server: every pack-central fixture validates, is
 * pushed in one invocation, shows in the catalog and in {@code ls}, and pulls back file for file, byte for byte — by
 * version, without a version (the newest) and by digest.
 */
class CliPackRoundTripTest {

    private static final Pattern PUSHED = Pattern.compile("pushed (\\S+) (\\S+) (sha256:[0-9a-f]{64})");
    private static final Pattern PULLED = Pattern.compile("pulled (\\S+) (\\S+) (sha256:[0-9a-f]{64}) into (.+)");

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static RegistryHttp http;
    private static CliProcess cli;
    /** The one {@code push} of every fixture, run before the tests. */
    private static Result pushAll;

    @BeforeAll
    static void startServerAndPushEveryFixture() {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new RegistryHttp(server.baseUri());
        cli = new CliProcess(tmp.resolve("home"), server.baseUri());
        List<String> args = new ArrayList<>(List.of("push"));
        fixtures().forEach(f -> args.add(f.folder().toString()));
        pushAll = cli.run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static List<Fixture> fixtures() {
        return Fixtures.packCentral();
    }

    @Test
    void theFixturesAreThe13PackCentralPacks() {
        assertEquals(13, fixtures().size(), fixtures()::toString);
        // the folder names differ from the pack names for some; pushes and pulls go by pack name
        assertEquals("argo-cd", Fixtures.packCentral("argocd-3.26.7").name());
        assertEquals("cni-multus", Fixtures.packCentral("multus-3.9.0").name());
        assertEquals("csi-nfs-subdir-external", Fixtures.packCentral("nfs-subdir-external-4.0.13").name());
        assertEquals("1.16.0", Fixtures.packCentral("crossplane-1.16").version());
    }

    @ParameterizedTest(name = "validate {0}")
    @MethodSource("fixtures")
    void validateAcceptsEveryFixture(Fixture fixture) {
        Result validate = cli.runLocal("validate", fixture.folder().toString());
        assertEquals(0, validate.exitCode(), validate::toString);
        List<String> lines = validate.stdoutLines();
        ValidationReport report = new PackValidator().validate(fixture.files());
        int warnings = report.warnings().size();
        String summary = fixture.name() + " " + fixture.version() + ": valid"
                + (warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")");
        assertEquals(summary, lines.get(lines.size() - 1), validate::toString);
        assertEquals(warnings, lines.stream().filter(line -> line.startsWith("WARNING ")).count(),
                () -> "one line per warning of the pack library's report:\n" + report.format() + "\n" + validate);
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("ERROR")), validate::toString);
    }

    @Test
    void pushesEveryFixtureInOneInvocationOneLineEach() {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        List<String> lines = pushAll.stdoutLines();
        List<Fixture> fixtures = fixtures();
        assertEquals(fixtures.size(), lines.size(), pushAll::toString);
        for (int i = 0; i < fixtures.size(); i++) {
            Fixture fixture = fixtures.get(i);
            Matcher line = PUSHED.matcher(lines.get(i));
            assertTrue(line.matches(), () -> "not a 'pushed NAME VERSION DIGEST' line for " + fixture + ":\n" + pushAll);
            assertEquals(fixture.name(), line.group(1), lines.get(i));
            assertEquals(fixture.version(), line.group(2), lines.get(i));
            String digest = line.group(3);
            String repository = RegistryHttp.repository(fixture.name());
            assertEquals(digest, http.manifestDigest(repository, fixture.version()).orElse(null),
                    () -> fixture + ": the tag's manifest is not the one push printed");
            assertEquals(digest, http.catalogDigest(fixture.name(), fixture.version()), fixture::toString);

            JsonNode manifest = http.manifest(repository, fixture.version());
            assertEquals(RegistryHttp.PACK_ARTIFACT, manifest.path("artifactType").asText(), manifest::toPrettyString);
            assertEquals(RegistryHttp.PACK_CONFIG, manifest.path("config").path("mediaType").asText());
            assertEquals(1, manifest.path("layers").size(), manifest::toPrettyString);
            JsonNode layer = manifest.path("layers").get(0);
            assertEquals(RegistryHttp.PACK_LAYER, layer.path("mediaType").asText());
            assertEquals(fixture.name() + "-" + fixture.version() + ".tar.gz",
                    layer.path("annotations").path("org.opencontainers.image.title").asText());
        }
    }

    @Test
    void everyPushedPackIsInTheCatalog() {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        Map<String, Set<String>> expected = new TreeMap<>();
        fixtures().forEach(f -> expected.computeIfAbsent(f.name(), n -> new TreeSet<>()).add(f.version()));
        Map<String, Set<String>> listed = new TreeMap<>();
        Map<String, String> latest = new TreeMap<>();
        for (JsonNode item : http.packs()) {
            Set<String> versions = new TreeSet<>();
            item.path("versions").forEach(v -> versions.add(v.asText()));
            listed.put(item.path("name").asText(), versions);
            latest.put(item.path("name").asText(), item.path("latestVersion").asText());
        }
        assertEquals(expected, listed, "GET /v1/packs on a registry holding only the fixtures");
        assertEquals("2.3.0", latest.get("crossplane"));
        assertEquals("1.3.1", latest.get("hello-universe"));
        assertEquals("2.0.2-up.3", latest.get("upbound-crossplane"));
        assertEquals("3.26.7", latest.get("argo-cd"));
    }

    @Test
    void lsShowsEveryPack() {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        Result ls = cli.run("ls");
        assertEquals(0, ls.exitCode(), ls::toString);
        List<String> lines = ls.stdoutLines();
        assertTrue(lines.get(0).matches("NAME\\s+DISPLAY NAME\\s+LAYER\\s+LATEST\\s+VERSIONS\\s*"), ls::toString);
        Map<String, List<String>> rows = rows(lines.subList(1, lines.size()));
        Map<String, List<String>> expected = new TreeMap<>();
        for (JsonNode item : http.packs()) {
            expected.put(item.path("name").asText(), List.of(item.path("layer").asText(),
                    item.path("latestVersion").asText(), Integer.toString(item.path("versions").size())));
        }
        assertEquals(expected, rows, ls::toString);
        assertEquals(List.of("addon", "2.3.0", "4"), rows.get("crossplane"), ls::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("crossplane ") && line.contains("Crossplane")), ls::toString);

        Result cni = cli.run("ls", "--layer", "cni");
        assertEquals(0, cni.exitCode(), cni::toString);
        assertEquals(Set.of("antrea"), rows(cni.stdoutLines().subList(1, cni.stdoutLines().size())).keySet(), cni::toString);
        Result byName = cli.run("ls", "--name", "crossplane");
        assertEquals(0, byName.exitCode(), byName::toString);
        assertEquals(Set.of("crossplane"), rows(byName.stdoutLines().subList(1, byName.stdoutLines().size())).keySet(),
                byName::toString);
    }

    /** Name → [layer, latest, number of versions] of {@code ls} rows, read from the right (display names have spaces). */
    private static Map<String, List<String>> rows(List<String> lines) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : lines) {
            String[] cells = line.trim().split("\\s+");
            assertTrue(cells.length >= 5, "an ls row has NAME, DISPLAY NAME, LAYER, LATEST and VERSIONS: " + line);
            int n = cells.length;
            rows.put(cells[0], List.of(cells[n - 3], cells[n - 2], cells[n - 1]));
        }
        return rows;
    }

    @ParameterizedTest(name = "pull {0}")
    @MethodSource("fixtures")
    void pullsEveryVersionBackIdentical(Fixture fixture) {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        Path target = tmp.resolve("pulled").resolve(fixture.folder().getFileName().toString());
        Result pull = cli.run("pull", fixture.ref(), target.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        Matcher line = PULLED.matcher(pull.stdoutLines().get(pull.stdoutLines().size() - 1));
        assertTrue(line.matches(), pull::toString);
        assertEquals(List.of(fixture.name(), fixture.version(), pushedDigests().get(fixture.ref())),
                List.of(line.group(1), line.group(2), line.group(3)), pull::toString);
        // the same relative files (dotfiles and expanded chart folders included), the same bytes
        assertNull(Fixtures.difference(fixture.files(), Fixtures.read(target)), () -> fixture + " pulled into " + target);
    }

    @Test
    void pullWithoutVersionGetsTheNewest() {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        Map<String, String> newest = new LinkedHashMap<>();
        newest.put("crossplane", "crossplane-2.3.0");
        newest.put("hello-universe", "hello-universe-1.3.1");
        newest.forEach((name, folder) -> {
            Path target = tmp.resolve("latest-" + name);
            Result pull = cli.run("pull", name, target.toString());
            assertEquals(0, pull.exitCode(), pull::toString);
            Fixture expected = Fixtures.packCentral(folder);
            assertTrue(pull.stdout().contains("pulled " + name + " " + expected.version() + " "
                    + pushedDigests().get(expected.ref())), pull::toString);
            assertNull(Fixtures.difference(expected.files(), Fixtures.read(target)), pull::toString);
        });
    }

    @Test
    void pullByDigest() {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        // an old version, so neither "latest" nor a train tag could stand in for the digest
        Fixture old = Fixtures.packCentral("crossplane-1.16");
        String digest = pushedDigests().get(old.ref());
        Path target = tmp.resolve("by-digest");
        Result pull = cli.run("pull", old.name() + "@" + digest, target.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertTrue(pull.stdout().contains("pulled crossplane 1.16.0 " + digest), pull::toString);
        assertNull(Fixtures.difference(old.files(), Fixtures.read(target)), pull::toString);
    }

    @Test
    void pushingTheSamePackAgainGivesTheSameDigest() throws Exception {
        assertEquals(0, pushAll.exitCode(), pushAll::toString);
        Fixture fixture = Fixtures.packCentral("antrea-1.9.0");
        String digest = pushedDigests().get(fixture.ref());
        Result again = cli.run("push", fixture.folder().toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of("pushed antrea 1.9.0 " + digest), again.stdoutLines());

        // the same pack as a .tar.gz made by the system's tar (top folder, folder entries, other mtimes and modes)
        Path tarball = tmp.resolve("antrea-1.9.0.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", Fixtures.PACK_CENTRAL.toString(),
                fixture.folder().getFileName().toString()).redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, tarOutput);
        Result archive = cli.run("push", tarball.toString());
        assertEquals(0, archive.exitCode(), archive::toString);
        assertEquals(List.of("pushed antrea 1.9.0 " + digest), archive.stdoutLines(),
                "a pack pushed from its .tar.gz is the same artifact as from its folder");
        assertEquals(List.of("1.9.0"), versions(http.json("/v1/packs/antrea")));
    }

    private static List<String> versions(JsonNode pack) {
        List<String> versions = new ArrayList<>();
        pack.path("versions").forEach(v -> versions.add(v.path("version").asText()));
        return versions;
    }

    /** {@code name:version} → digest, as the one push of every fixture printed them. */
    private static Map<String, String> pushedDigests() {
        return pushAll.stdoutLines().stream().map(PUSHED::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1) + ":" + m.group(2), m -> m.group(3)));
    }
}
