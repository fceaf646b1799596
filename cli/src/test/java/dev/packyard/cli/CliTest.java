package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a user drives it: argument parsing, exit codes, what goes to stdout and stderr. Commands that
 * need a registry run against {@link FakeRegistry} or against a closed port.
 */
class CliTest {

    static final Path FIXTURES = Path.of(System.getProperty("packyard.fixtures", "../../shared/fixtures"))
            .resolve("pack-central");
    static final Path HELLO = FIXTURES.resolve("hello-universe-1.3.1");
    static final Path MULTUS = FIXTURES.resolve("multus-3.9.0");

    @TempDir
    Path tmp;

    /** The outcome of one run. */
    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
        }
    }

    Run run(Map<String, String> env, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(env, tmp.resolve("home"),
                new ByteArrayInputStream(stdin), false, Optional.empty());
        CommandLine commandLine = PackyardCli.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Run run(String... args) {
        return run(Map.of(), new byte[0], args);
    }

    Run runAgainst(FakeRegistry registry, String... args) {
        return run(Map.of("PACKYARD_REGISTRY", registry.url()), new byte[0], args);
    }

    // ------------------------------------------------------------------ parsing, help, version

    @Test
    void helpListsEveryCommand() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        for (String command : List.of("push", "pull", "ls", "search", "validate", "login")) {
            assertTrue(run.out().contains("  " + command), () -> command + " missing from:\n" + run.out());
        }
        assertTrue(run.out().contains("$PACKYARD_REGISTRY"), run.out());
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String command : List.of("push", "pull", "ls", "search", "validate", "login")) {
            Run help = run(command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().startsWith("Usage: packyard " + command), help.out());
            Run version = run(command, "--version");
            assertEquals(0, version.exit(), command);
            assertTrue(version.out().startsWith("packyard "), version.out());
        }
        for (String command : List.of("push", "pull", "ls", "search", "login")) {
            assertTrue(run(command, "--help").out().contains("--registry=URL"), command);
        }
    }

    @Test
    void versionFlag() {
        Run run = run("--version");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("packyard "), run.out());
    }

    @Test
    void noCommandPrintsUsage() {
        Run run = run();
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("Usage: packyard"), run.out());
    }

    @Test
    void usageErrorsExitTwoWithAHintAndNoStackTrace() {
        Run missing = run("push");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required parameter: 'DIR|TGZ'"), missing.err());
        assertTrue(missing.err().contains("Try 'packyard push --help'"), missing.err());

        Run unknown = run("ls", "--colour");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("Unknown option: '--colour'"), unknown.err());

        Run unknownCommand = run("publish");
        assertEquals(2, unknownCommand.exit());

        Run pullOneArg = run("pull", "cilium");
        assertEquals(2, pullOneArg.exit());
        assertTrue(pullOneArg.err().contains("DIR"), pullOneArg.err());
        for (Run r : List.of(missing, unknown, unknownCommand, pullOneArg)) {
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void badPackReferenceIsAUsageError() {
        Run run = run("pull", "Cilium:1.0", tmp.resolve("out").toString());
        assertEquals(2, run.exit());
        assertEquals("packyard: bad pack reference 'Cilium:1.0': 'Cilium' is not a valid pack name: pack names are"
                + " lowercase (did you mean 'cilium'?)" + System.lineSeparator(), run.err());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing is created for a bad reference");
    }

    @Test
    void badRegistryUrlIsAUsageError() {
        Run run = run("ls", "--registry", "ftp://example.com");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("packyard: bad registry URL 'ftp://example.com'"), run.err());

        Run fromEnvironment = run(Map.of("PACKYARD_REGISTRY", "http://host:5000/base"), new byte[0], "ls");
        assertEquals(2, fromEnvironment.exit());
        assertTrue(fromEnvironment.err().contains("it takes no path ('/base')"), fromEnvironment.err());
    }

    // ------------------------------------------------------------------ validate

    @Test
    void validateAValidPackFolder() {
        Run run = run("validate", HELLO.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.outLines();
        assertTrue(lines.get(lines.size() - 1).matches("hello-universe 1\\.3\\.1: valid( \\(\\d+ warnings?\\))?"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void validateAnArchivePrintsTheSameReportAsTheFolder() throws IOException {
        Path archive = tmp.resolve("hello-universe-1.3.1.tar.gz");
        Files.write(archive, PackArchive.create(PackFiles.readFolder(HELLO), "hello-universe-1.3.1"));
        Run folder = run("validate", HELLO.toString());
        Run tgz = run("validate", archive.toString());
        assertEquals(folder.exit(), tgz.exit());
        assertEquals(folder.out(), tgz.out());
    }

    @Test
    void validateAnInvalidPackPrintsEveryProblemAndExitsOne() throws IOException {
        Path pack = brokenPack();
        Run run = run("validate", pack.toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("ERROR pack.json"), run.out());
        assertTrue(run.outLines().get(run.outLines().size() - 1).startsWith("broken 1.0.0: invalid ("), run.out());
    }

    @Test
    void validateSomethingThatIsNotAPack() throws IOException {
        Run missing = run("validate", tmp.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertEquals("packyard: " + tmp.resolve("nope") + ": no such file or folder" + System.lineSeparator(), missing.err());

        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        Run notAPack = run("validate", text.toString());
        assertEquals(1, notAPack.exit());
        assertTrue(notAPack.err().contains("not a pack folder or a pack archive"), notAPack.err());

        Path fake = Files.writeString(tmp.resolve("fake.tar.gz"), "not gzip at all");
        Run notGzip = run("validate", fake.toString());
        assertEquals(1, notGzip.exit());
        assertTrue(notGzip.err().contains("not gzip"), notGzip.err());
        assertFalse(notGzip.err().contains("\tat "), notGzip.err());
    }

    // ------------------------------------------------------------------ push

    @Test
    void pushToARegistryThatIsNotRunningSaysSoForEveryPack() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of("PACKYARD_REGISTRY", "http://127.0.0.1:" + port), new byte[0],
                "push", HELLO.toString(), MULTUS.toString());
        assertEquals(1, run.exit());
        String reason = ": cannot reach registry http://127.0.0.1:" + port
                + " (connection refused; is `./packyard serve` running?)";
        assertEquals(List.of("failed hello-universe 1.3.1" + reason, "failed cni-multus 3.9.0" + reason), run.outLines());
        assertTrue(run.err().contains("2 of 2 packs failed"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void packyardDebugAddsTheStackTrace() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of("PACKYARD_REGISTRY", "http://127.0.0.1:" + port, "PACKYARD_DEBUG", "1"), new byte[0],
                "push", MULTUS.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().startsWith("failed cni-multus 3.9.0: cannot reach registry"), run.out());
        assertTrue(run.err().contains("java.net.ConnectException") && run.err().contains("\tat "), run.err());
    }

    @Test
    void pushValidatesFirstAndPushesOnlyValidPacks() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Path broken = brokenPack();
            Run run = runAgainst(registry, "push", broken.toString(), HELLO.toString());
            assertEquals(1, run.exit());
            List<String> lines = run.outLines();
            assertEquals(2, lines.size(), run.out());
            assertTrue(lines.get(0).startsWith("failed broken 1.0.0: the pack has "), lines.get(0));
            assertTrue(lines.get(1).matches("pushed hello-universe 1\\.3\\.1 sha256:[a-f0-9]{64}"), lines.get(1));
            assertTrue(run.err().contains("  ERROR pack.json"), run.err());
            assertTrue(registry.requests.stream().noneMatch(r -> r.path().contains("/broken/")),
                    "nothing of an invalid pack reaches the registry");

            // what arrived is the pack as specified: manifest, config = pack.json, one titled .tar.gz layer
            String digest = lines.get(1).substring(lines.get(1).lastIndexOf(' ') + 1);
            String repository = "spectro-packs/archive/hello-universe";
            assertEquals(digest, registry.tags.get(repository + ":1.3.1"));
            JsonNode manifest = new ObjectMapper().readTree(registry.manifests.get(repository + "@" + digest));
            assertEquals("application/vnd.packyard.pack.v1", manifest.path("artifactType").asText());
            assertEquals("application/vnd.packyard.pack.config.v1+json", manifest.path("config").path("mediaType").asText());
            assertEquals(-1L, java.util.Arrays.mismatch(Files.readAllBytes(HELLO.resolve("pack.json")),
                    registry.blobs.get(manifest.path("config").path("digest").asText())), "config is pack.json's bytes");
            JsonNode layer = manifest.path("layers").get(0);
            assertEquals(1, manifest.path("layers").size());
            assertEquals("application/vnd.packyard.pack.layer.v1.tar+gzip", layer.path("mediaType").asText());
            assertEquals("hello-universe-1.3.1.tar.gz", layer.path("annotations").path("org.opencontainers.image.title").asText());
            byte[] archive = registry.blobs.get(layer.path("digest").asText());
            assertEquals(PackFiles.readFolder(HELLO),
                    PackArchive.read(new ByteArrayInputStream(archive), PackArchive.DEFAULT_MAX_EXPANDED_BYTES));
            assertTrue(run.err().contains("uploaded hello-universe-1.3.1.tar.gz ("), "summary line without a terminal: " + run.err());
            assertFalse(run.err().contains("\r"), run.err());
        }
    }

    @Test
    void pushingTheSamePackAgainGivesTheSameDigestAndSkipsKnownBlobs() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run first = runAgainst(registry, "push", MULTUS.toString());
            Run second = runAgainst(registry, "push", MULTUS.toString());
            assertEquals(0, first.exit(), first.out() + first.err());
            assertEquals(0, second.exit(), second.out() + second.err());
            assertEquals(first.out(), second.out());
            assertTrue(second.err().contains("cni-multus-3.9.0.tar.gz: already in the registry"), second.err());
        }
    }

    @Test
    void aPackPushedAsAnArchiveIsRepackedDeterministically() throws Exception {
        Path archive = tmp.resolve("multus.tgz");
        Files.write(archive, PackArchive.create(PackFiles.readFolder(MULTUS), "whatever-top-folder"));
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run fromArchive = runAgainst(registry, "push", archive.toString());
            Run fromFolder = runAgainst(registry, "push", MULTUS.toString());
            assertEquals(0, fromArchive.exit(), fromArchive.out() + fromArchive.err());
            assertEquals(fromFolder.out(), fromArchive.out(), "same files, same manifest digest");
        }
    }

    @Test
    void theServersProblemsAreListedWhenItRefusesAPack() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.refuseManifests = FakeRegistry.Answer.json(400, """
                    {"errors":[{"code":"MANIFEST_INVALID","message":"pack cni-multus 3.9.0 is invalid",
                      "detail":{"problems":[{"severity":"error","file":"values.yaml","field":"pack.namespace",
                        "rule":"values.required","message":"is missing","fix":"set pack.namespace"}]}}]}""");
            Run run = runAgainst(registry, "push", MULTUS.toString());
            assertEquals(1, run.exit());
            assertEquals("failed cni-multus 3.9.0: the registry refused the pack (MANIFEST_INVALID: pack cni-multus 3.9.0 is"
                    + " invalid): 1 problem, listed above" + System.lineSeparator(), run.out());
            assertTrue(run.err().contains("  ERROR values.yaml pack.namespace: is missing (values.required)"
                    + " -> fix: set pack.namespace"), run.err());
        }
    }

    @Test
    void otherRefusalsGiveTheStatusAndTheServersMessage() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.refuseManifests = FakeRegistry.Answer.json(409,
                    "{\"errors\":[{\"code\":\"TAG_IMMUTABLE\",\"message\":\"cni-multus:3.9.0 exists\"}]}");
            Run run = runAgainst(registry, "push", MULTUS.toString());
            assertEquals(1, run.exit());
            assertEquals("failed cni-multus 3.9.0: the registry refused the manifest (HTTP 409: TAG_IMMUTABLE: cni-multus:3.9.0"
                    + " exists)" + System.lineSeparator(), run.out());
        }
    }

    @Test
    void storedCredentialsAreSentWithEveryRequest() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            CredentialStore.inHome(tmp.resolve("home")).save(registry.url(), new Credentials("alice", "pw"));
            registry.requiredAuthorization = new Credentials("alice", "pw").basicHeader();
            Run run = runAgainst(registry, "push", MULTUS.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(registry.requests.stream().allMatch(r -> r.authorization().isPresent()));
        }
    }

    @Test
    void withoutCredentialsA401SaysToLogIn() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.requiredAuthorization = "Basic nobody";
            Run run = runAgainst(registry, "ls");
            assertEquals(1, run.exit());
            assertEquals("packyard: cannot list packs: the registry asks for credentials (HTTP 401: UNAUTHORIZED: log in);"
                    + " run `packyard login --registry " + registry.url() + "`" + System.lineSeparator(), run.err());
        }
    }

    // ------------------------------------------------------------------ pull

    @Test
    void pushThenPullGivesBackThePacksFilesInTheFolder() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run push = runAgainst(registry, "push", HELLO.toString());
            assertEquals(0, push.exit(), push.out() + push.err());
            String digest = push.out().strip().substring(push.out().strip().lastIndexOf(' ') + 1);

            Path byVersion = tmp.resolve("by-version");
            Run pull = runAgainst(registry, "pull", "hello-universe:1.3.1", byVersion.toString());
            assertEquals(0, pull.exit(), pull.out() + pull.err());
            assertEquals("pulled hello-universe 1.3.1 " + digest + " into " + byVersion + System.lineSeparator(), pull.out());
            assertEquals(PackFiles.readFolder(HELLO), PackFiles.readFolder(byVersion), "the pack's own files, not nested");
            assertTrue(Files.isRegularFile(byVersion.resolve("pack.json")));

            Path byDigest = tmp.resolve("by-digest");
            Run pullDigest = runAgainst(registry, "pull", "hello-universe@" + digest, byDigest.toString());
            assertEquals(0, pullDigest.exit(), pullDigest.out() + pullDigest.err());
            assertEquals(PackFiles.readFolder(HELLO), PackFiles.readFolder(byDigest));
        }
    }

    @Test
    void withoutAVersionTheCatalogsLatestVersionIsPulled() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            pushFixture(registry, "hello-universe-1.3.0");
            pushFixture(registry, "hello-universe-1.3.1");
            registry.canned.put("/v1/packs/hello-universe", FakeRegistry.Answer.json(200,
                    "{\"name\":\"hello-universe\",\"latestVersion\":\"1.3.0\",\"versions\":[\"1.3.0\",\"1.3.1\"]}"));
            Path dir = tmp.resolve("latest");
            Run run = runAgainst(registry, "pull", "hello-universe", dir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().startsWith("pulled hello-universe 1.3.0 "), "the catalog decides: " + run.out());
        }
    }

    @Test
    void withoutACatalogTheNewestTagIsPulled() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            pushFixture(registry, "hello-universe-1.1.3");
            pushFixture(registry, "hello-universe-1.3.1");
            pushFixture(registry, "hello-universe-1.3.0");
            Path dir = tmp.resolve("newest");
            Run run = runAgainst(registry, "pull", "hello-universe", dir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().startsWith("pulled hello-universe 1.3.1 "), run.out());
            assertTrue(registry.requests.stream().anyMatch(r -> r.path().equals("/v1/packs/hello-universe")),
                    "the catalog is asked first");
        }
    }

    @Test
    void pullingAPackThatDoesNotExist() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            pushFixture(registry, "multus-3.9.0");
            Run noVersion = runAgainst(registry, "pull", "cni-multus:9.9.9", tmp.resolve("a").toString());
            assertEquals(1, noVersion.exit());
            assertEquals("packyard: cannot pull cni-multus:9.9.9: no pack cni-multus:9.9.9 in " + registry.url()
                    + " (`packyard ls --name cni-multus` lists its versions)" + System.lineSeparator(), noVersion.err());

            Run noPack = runAgainst(registry, "pull", "nothing", tmp.resolve("b").toString());
            assertEquals(1, noPack.exit());
            assertTrue(noPack.err().contains("no pack named 'nothing' in " + registry.url()), noPack.err());
            assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")), "no folder left behind");
        }
    }

    @Test
    void pullRefusesANonEmptyFolderUnlessForced() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            pushFixture(registry, "multus-3.9.0");
            Path dir = Files.createDirectories(tmp.resolve("busy"));
            Files.writeString(dir.resolve("mine.txt"), "keep me");
            Files.writeString(dir.resolve("pack.json"), "old");

            registry.requests.clear();
            Run refused = runAgainst(registry, "pull", "cni-multus:3.9.0", dir.toString());
            assertEquals(2, refused.exit());
            assertTrue(refused.err().contains(dir + " is not empty"), refused.err());
            assertTrue(refused.err().contains("--force"), refused.err());
            assertTrue(registry.requests.isEmpty(), "refused before asking the registry");

            Run forced = runAgainst(registry, "pull", "--force", "cni-multus:3.9.0", dir.toString());
            assertEquals(0, forced.exit(), forced.out() + forced.err());
            assertEquals("keep me", Files.readString(dir.resolve("mine.txt")));
            assertEquals(Files.readString(MULTUS.resolve("pack.json")), Files.readString(dir.resolve("pack.json")));

            Path empty = Files.createDirectories(tmp.resolve("empty"));
            assertEquals(0, runAgainst(registry, "pull", "cni-multus:3.9.0", empty.toString()).exit());

            Path file = Files.writeString(tmp.resolve("a-file"), "x");
            Run onFile = runAgainst(registry, "pull", "cni-multus:3.9.0", file.toString());
            assertEquals(2, onFile.exit());
            assertTrue(onFile.err().contains("exists and is not a folder"), onFile.err());
        }
    }

    @Test
    void pullAcceptsAPackPushedPalettesWayWithPlainOras() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            // `oras push <repo>:3.9.0 cni-multus-3.9.0.tar.gz`: ORAS's default layer type, an empty config, a title
            byte[] archive = PackArchive.create(PackFiles.readFolder(MULTUS), "cni-multus-3.9.0");
            byte[] emptyConfig = "{}".getBytes(StandardCharsets.UTF_8);
            String manifest = """
                    {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                     "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                     "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d,
                       "annotations":{"org.opencontainers.image.title":"cni-multus-3.9.0.tar.gz"}}]}"""
                    .formatted(PackManifest.sha256(emptyConfig), PackManifest.sha256(archive), archive.length);
            registry.put("spectro-packs/archive/cni-multus", "3.9.0", manifest.getBytes(StandardCharsets.UTF_8),
                    Map.of(PackManifest.sha256(emptyConfig), emptyConfig, PackManifest.sha256(archive), archive));
            Path dir = tmp.resolve("oras");
            Run run = runAgainst(registry, "pull", "cni-multus:3.9.0", dir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertEquals(PackFiles.readFolder(MULTUS), PackFiles.readFolder(dir));
        }
    }

    @Test
    void pullRefusesADamagedOrHostileArchiveAndWritesNothing() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            // a zip-slip archive: an entry that climbs out of the folder
            byte[] evil = tarGz(Map.of("../escaped.txt", "gotcha"));
            storeRawPack(registry, "evil", "1.0.0", evil);
            Path dir = tmp.resolve("evil");
            Run run = runAgainst(registry, "pull", "evil:1.0.0", dir.toString());
            assertEquals(1, run.exit());
            assertTrue(run.err().contains("archive.path-traversal"), run.err());
            assertFalse(Files.exists(dir));
            assertFalse(Files.exists(tmp.resolve("escaped.txt")));

            // a blob whose bytes do not match the manifest's digest
            byte[] good = PackArchive.create(PackFiles.readFolder(MULTUS), "cni-multus-3.9.0");
            String digest = storeRawPack(registry, "damaged", "1.0.0", good);
            byte[] tampered = good.clone();
            tampered[tampered.length / 2] ^= 1;
            registry.blobs.put(digest, tampered);
            Run damaged = runAgainst(registry, "pull", "damaged:1.0.0", tmp.resolve("damaged").toString());
            assertEquals(1, damaged.exit());
            assertTrue(damaged.err().contains("damaged") && damaged.err().contains("hash"), damaged.err());
            assertFalse(Files.exists(tmp.resolve("damaged")));
        }
    }

    // ------------------------------------------------------------------ ls

    @Test
    void lsPagesThroughTheCatalogAndFilters() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            StringBuilder first = new StringBuilder("{\"items\":[");
            for (int i = 0; i < LsCommand.PAGE_SIZE; i++) {
                first.append(i == 0 ? "" : ",").append("{\"name\":\"pack-%03d\",\"displayName\":\"Pack %d\",\"layer\":\"addon\",\"latestVersion\":\"1.0.0\",\"versions\":[\"1.0.0\"]}".formatted(i, i));
            }
            first.append("],\"total\":102,\"offset\":0,\"limit\":100}");
            registry.canned.put("/v1/packs?limit=100&offset=0", FakeRegistry.Answer.json(200, first.toString()));
            registry.canned.put("/v1/packs?limit=100&offset=100", FakeRegistry.Answer.json(200, """
                    {"items":[{"name":"cilium","displayName":"Cilium","layer":"cni","cloudTypes":["all"],
                               "latestVersion":"1.16.3","versions":["1.15.8","1.15.10","1.16.2","1.16.3"]},
                              {"name":"calico","displayName":"Calico","layer":"cni","latestVersion":"3.28.2",
                               "versions":["3.27.3","3.28.2"]}],
                     "total":102,"offset":100,"limit":100}"""));

            Run all = runAgainst(registry, "ls");
            assertEquals(0, all.exit(), all.err());
            assertEquals(103, all.outLines().size(), "header and 102 packs");

            Run cni = runAgainst(registry, "ls", "--layer", "cni");
            assertEquals(List.of(
                    "NAME    DISPLAY NAME  LAYER  LATEST  VERSIONS",
                    "calico  Calico        cni    3.28.2  2",
                    "cilium  Cilium        cni    1.16.3  4"), cni.outLines());

            Run byName = runAgainst(registry, "ls", "--name", "cil");
            assertEquals(2, byName.outLines().size());

            Run none = runAgainst(registry, "ls", "--layer", "os");
            assertEquals("no packs match (102 packs in " + registry.url() + ")" + System.lineSeparator(), none.out());
        }
    }

    @Test
    void lsAgainstARegistryWithoutTheCatalog() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run run = runAgainst(registry, "ls");
            assertEquals(1, run.exit());
            assertEquals("packyard: " + registry.url() + " has no pack catalog (GET /v1/packs answered 404);"
                    + " is it a Packyard server?" + System.lineSeparator(), run.err());
        }
    }

    @Test
    void lsOfAnEmptyRegistry() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/packs?limit=100&offset=0",
                    FakeRegistry.Answer.json(200, "{\"items\":[],\"total\":0,\"offset\":0,\"limit\":100}"));
            Run run = runAgainst(registry, "ls");
            assertEquals(0, run.exit());
            assertEquals("no packs in " + registry.url() + System.lineSeparator(), run.out());
        }
    }

    // ------------------------------------------------------------------ login

    @Test
    void loginStoresCredentialsAndSaysWhenTheRegistryDoesNotCheckThem() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run run = run(Map.of("PACKYARD_REGISTRY", registry.url()), "s3cret\n".getBytes(StandardCharsets.UTF_8),
                    "login", "--username", "alice", "--password-stdin");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("Login succeeded: credentials of alice for " + registry.url()), run.out());
            assertTrue(run.out().contains("does not ask for credentials yet"), run.out());
            assertEquals(new Credentials("alice", "s3cret"),
                    CredentialStore.inHome(tmp.resolve("home")).find(registry.url()).orElseThrow(),
                    "the line end echo adds is not part of the password");
            assertTrue(registry.requests.stream().anyMatch(r -> r.path().equals("/v2/")));
        }
    }

    @Test
    void loginChecksCredentialsWhenTheRegistryAsksForThem() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.requiredAuthorization = new Credentials("alice", "right").basicHeader();
            Run wrong = run(Map.of("PACKYARD_REGISTRY", registry.url()), "wrong".getBytes(StandardCharsets.UTF_8),
                    "login", "-u", "alice", "--password-stdin");
            assertEquals(1, wrong.exit());
            assertTrue(wrong.err().contains("refused the user name or password; nothing was stored"), wrong.err());
            assertFalse(Files.exists(tmp.resolve("home/.packyard/config.json")));

            Run right = run(Map.of("PACKYARD_REGISTRY", registry.url()), "right".getBytes(StandardCharsets.UTF_8),
                    "login", "-u", "alice", "--password-stdin");
            assertEquals(0, right.exit(), right.err());
            assertFalse(right.out().contains("does not ask"), right.out());
            assertEquals("right", CredentialStore.inHome(tmp.resolve("home")).find(registry.url()).orElseThrow().password());
        }
    }

    @Test
    void loginWithoutATerminalNeedsUsernameAndPasswordStdin() throws IOException {
        Run noUser = run("login", "--password-stdin");
        assertEquals(2, noUser.exit());
        assertTrue(noUser.err().contains("give the user name with --username"), noUser.err());

        Run noPassword = run("login", "-u", "alice");
        assertEquals(2, noPassword.exit());
        assertTrue(noPassword.err().contains("pipe it in with --password-stdin"), noPassword.err());

        Run empty = run(Map.of(), new byte[0], "login", "-u", "alice", "--password-stdin");
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("the password is empty"), empty.err());
    }

    @Test
    void loginToARegistryThatIsNotRunning() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of(), "pw".getBytes(StandardCharsets.UTF_8),
                "login", "--registry", "http://127.0.0.1:" + port, "-u", "alice", "--password-stdin");
        assertEquals(1, run.exit());
        assertEquals("packyard: login failed: cannot reach registry http://127.0.0.1:" + port
                + " (connection refused; is `./packyard serve` running?)" + System.lineSeparator(), run.err());
        assertFalse(Files.exists(tmp.resolve("home/.packyard/config.json")));
    }

    @Test
    void passwordLineEnds() {
        assertEquals("pw", LoginCommand.stripLineEnd("pw\n"));
        assertEquals("pw", LoginCommand.stripLineEnd("pw\r\n"));
        assertEquals("pw ", LoginCommand.stripLineEnd("pw "));
        assertEquals("pw\n", LoginCommand.stripLineEnd("pw\n\n"), "only one line end is the shell's");
    }

    // ------------------------------------------------------------------ helpers

    /** A pack whose pack.json names it but breaks the schema (an unknown layer). */
    Path brokenPack() throws IOException {
        Path pack = Files.createDirectories(tmp.resolve("broken-1.0.0"));
        Files.writeString(pack.resolve("pack.json"), """
                {"name": "broken", "displayName": "Broken", "version": "1.0.0", "layer": "network",
                 "cloudTypes": ["all"]}""");
        Files.writeString(pack.resolve("values.yaml"), "pack:\n  namespace: broken\n");
        return pack;
    }

    void pushFixture(FakeRegistry registry, String fixture) {
        Run run = runAgainst(registry, "push", FIXTURES.resolve(fixture).toString());
        assertEquals(0, run.exit(), run.out() + run.err());
    }

    /** Stores an archive as a pack's only layer, without any checks; returns the layer's digest. */
    static String storeRawPack(FakeRegistry registry, String name, String version, byte[] archive) {
        byte[] config = ("{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
        String layerDigest = PackManifest.sha256(archive);
        byte[] manifest = PackManifest.manifest(PackManifest.config(config),
                PackManifest.layer(name, version, layerDigest, archive.length));
        Map<String, byte[]> blobs = new HashMap<>();
        blobs.put(PackManifest.sha256(config), config);
        blobs.put(layerDigest, archive);
        registry.put("spectro-packs/archive/" + name, version, manifest, blobs);
        return layerDigest;
    }

    /** A .tar.gz with exactly the given entries (names as given, even hostile ones). */
    static byte[] tarGz(Map<String, String> entries) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(bytes))) {
            for (var e : new TreeMap<>(entries).entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey(), true);
                entry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
