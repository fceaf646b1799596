package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.packs.CliProcess.Result;
import dev.packyard.e2e.packs.Fixtures.Fixture;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.Registry;
import land.oras.exception.OrasException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs pushed the way Palette's documentation shows — {@code oras push <host>/spectro-packs/archive/<name>:<version>
 * <name>-<version>.tar.gz}, ORAS's default media types, an empty config — here with oras-java's default file push:
 * ingested as packs (catalog, train tags), and pulled back byte for byte; a tarball whose pack.json disagrees with the
 * tag or the repository is refused.
 */
class OrasDefaultPushTest {

    private static final String ORAS_DEFAULT_LAYER = "application/vnd.oci.image.layer.v1.tar";
    private static final String ORAS_DEFAULT_ARTIFACT = "application/vnd.unknown.artifact.v1";
    private static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    private static final String TITLE = "org.opencontainers.image.title";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static RegistryHttp http;
    private static Registry registry;

    @BeforeAll
    static void startServer() {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new RegistryHttp(server.baseUri());
        registry = Registry.builder().insecure().withParallelism(2).build();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (registry != null) {
            registry.getExecutorService().shutdownNow();
            registry.getExecutorService().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private static ContainerRef ref(String name, String tag) {
        return ContainerRef.parse(server.hostPort() + "/" + RegistryHttp.repository(name) + ":" + tag);
    }

    @Test
    void packArchivePushedWithOrasDefaultsIsIngestedAndPullsBackByteIdentical() throws IOException {
        Fixture hello = Fixtures.packCentral("hello-universe-1.3.1");
        Path tarball = Files.createDirectories(tmp.resolve("push-hello")).resolve("hello-universe-1.3.1.tar.gz");
        Files.write(tarball, PackArchive.create(hello.files(), "hello-universe-1.3.1"));

        Manifest pushed = registry.pushArtifact(ref("hello-universe", "1.3.1"), LocalPath.of(tarball));
        String digest = pushed.getDescriptor().getDigest();
        assertNotNull(digest);
        assertIngested(hello, tarball, digest);

        // the train tags point at it, and serve the same archive
        String repository = RegistryHttp.repository("hello-universe");
        assertTrue(http.tags(repository).containsAll(List.of("1.3.1", "1.x", "1.3.x")), http.tags(repository)::toString);
        assertEquals(digest, http.manifestDigest(repository, "1.x").orElse(null));
        assertEquals(digest, http.manifestDigest(repository, "1.3.x").orElse(null));
        JsonNode pack = http.json("/v1/packs/hello-universe");
        assertEquals("1.3.1", pack.path("tags").path("1.x").asText(), pack::toPrettyString);
        assertEquals("1.3.1", pack.path("tags").path("1.3.x").asText(), pack::toPrettyString);
        Path byTrain = pull(ref("hello-universe", "1.x"), "pulled-hello-train");
        assertEquals(-1L, Files.mismatch(tarball, byTrain.resolve("hello-universe-1.3.1.tar.gz")),
                "the archive pulled by train tag differs from the pushed one");

        JsonNode version = http.json("/v1/packs/hello-universe/1.3.1");
        assertEquals("hello-universe", version.path("metadata").path("name").asText(), version::toPrettyString);
        assertEquals(hello.files().text("README.md").orElseThrow(), version.path("readme").asText());
    }

    @Test
    void systemTarOfTheFolderPushedWithOrasDefaultsIsIngested() throws Exception {
        // tar -czf argo-cd-3.26.7.tar.gz argocd-3.26.7: the top folder is named after the folder, not the pack;
        // the archive holds folder entries, a dotfile and an expanded chart
        Fixture argo = Fixtures.packCentral("argocd-3.26.7");
        Path tarball = Files.createDirectories(tmp.resolve("push-argo")).resolve("argo-cd-3.26.7.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", Fixtures.PACK_CENTRAL.toString(),
                argo.folder().getFileName().toString()).redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), tarOutput);
        assertTrue(argo.files().paths().contains("charts/argo-cd/.helmignore"), "the fixture has a dotfile");

        Manifest pushed = registry.pushArtifact(ref("argo-cd", "3.26.7"), LocalPath.of(tarball));
        String digest = pushed.getDescriptor().getDigest();
        assertIngested(argo, tarball, digest);
        String repository = RegistryHttp.repository("argo-cd");
        assertTrue(http.tags(repository).containsAll(List.of("3.26.7", "3.x", "3.26.x")), http.tags(repository)::toString);
        assertEquals(digest, http.manifestDigest(repository, "3.x").orElse(null));
        // argo-cd 3.26.7 is deprecated (system_state annotation in its pack.json)
        assertEquals("deprecated", http.json("/v1/packs/argo-cd/3.26.7").path("state").asText());

        // packyard pull reads packs pushed with ORAS's default layer type too
        CliProcess cli = new CliProcess(tmp.resolve("home"), server.baseUri());
        Path target = tmp.resolve("cli-pulled-argo");
        Result pull = cli.run("pull", "argo-cd:3.26.7", target.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertTrue(pull.stdout().contains("pulled argo-cd 3.26.7 " + digest), pull::toString);
        assertNull(Fixtures.difference(argo.files(), Fixtures.read(target)), pull::toString);
    }

    /**
     * The pushed manifest is stored as pushed (ORAS's defaults), is listed in the catalog under its digest, and
     * pulls back by tag with oras-java as the very bytes that were pushed, which unpack to the fixture's files.
     */
    private static void assertIngested(Fixture fixture, Path tarball, String digest) throws IOException {
        String repository = RegistryHttp.repository(fixture.name());
        String title = fixture.name() + "-" + fixture.version() + ".tar.gz";

        JsonNode stored = http.manifest(repository, fixture.version());
        assertEquals(digest, http.manifestDigest(repository, fixture.version()).orElse(null));
        assertEquals(ORAS_DEFAULT_ARTIFACT, stored.path("artifactType").asText(), stored::toPrettyString);
        assertEquals(OCI_EMPTY, stored.path("config").path("mediaType").asText(), stored::toPrettyString);
        assertEquals(1, stored.path("layers").size());
        JsonNode layer = stored.path("layers").get(0);
        assertEquals(ORAS_DEFAULT_LAYER, layer.path("mediaType").asText(), "oras-java's default file media type");
        assertEquals(title, layer.path("annotations").path(TITLE).asText());
        assertEquals(Files.size(tarball), layer.path("size").asLong());

        Map<String, String> digests = new TreeMap<>();
        http.json("/v1/packs/" + fixture.name()).path("versions")
                .forEach(v -> digests.put(v.path("version").asText(), v.path("digest").asText()));
        assertEquals(Map.of(fixture.version(), digest), digests, "GET /v1/packs/" + fixture.name());
        assertEquals(layer.path("digest").asText(),
                http.json("/v1/packs/" + fixture.name() + "/" + fixture.version()).path("layerDigest").asText());

        Path pulled = pull(ref(fixture.name(), fixture.version()), "pulled-" + fixture.name());
        Path file = pulled.resolve(title);
        assertEquals(-1L, Files.mismatch(tarball, file), "the pulled archive differs from the pushed one");
        Manifest fetched = registry.getManifest(ref(fixture.name(), fixture.version()));
        assertEquals(digest, fetched.getDescriptor().getDigest());
        assertEquals(List.of(layer.path("digest").asText()), fetched.getLayers().stream().map(Layer::getDigest).toList());
        try (InputStream in = Files.newInputStream(file)) {
            PackFiles files = PackArchive.read(in, PackArchive.DEFAULT_MAX_EXPANDED_BYTES);
            assertNull(Fixtures.difference(fixture.files(), files), fixture::toString);
        }
    }

    private static Path pull(ContainerRef ref, String folder) throws IOException {
        Path target = Files.createDirectories(tmp.resolve(folder));
        registry.pullArtifact(ref, target, true);
        return target;
    }

    @Test
    void tarballWhosePackJsonDisagreesWithTheTagIsRefused() throws IOException {
        Fixture crossplane = Fixtures.packCentral("crossplane-2.1.3");
        Path tarball = Files.createDirectories(tmp.resolve("push-mismatch")).resolve("crossplane-2.1.4.tar.gz");
        Files.write(tarball, PackArchive.create(crossplane.files(), "crossplane-2.1.4"));

        OrasException refused = assertThrows(OrasException.class,
                () -> registry.pushArtifact(ref("crossplane", "2.1.4"), LocalPath.of(tarball)));
        assertEquals(Integer.valueOf(400), refused.getStatusCode(), refused::toString);
        assertEquals(List.of(), http.tags(RegistryHttp.repository("crossplane")),
                "nothing may be tagged in the repository of a refused pack");
        assertEquals(404, http.status("/v1/packs/crossplane/2.1.4"));
        assertEquals(404, http.status("/v1/packs/crossplane"));

        // oras-java keeps only the status of an error in the spec's format; what an ORAS user reads is the body of
        // the same manifest PUT (the blobs are in the repository now): it must say what pack.json says
        HttpResponse<String> again = http.putManifest(RegistryHttp.repository("crossplane"), "2.1.4",
                orasDefaultManifest(tarball));
        assertEquals(400, again.statusCode(), again::body);
        JsonNode error = JSON.readTree(again.body()).path("errors").path(0);
        assertEquals("MANIFEST_INVALID", error.path("code").asText(), again::body);
        assertTrue(error.toString().contains("2.1.3"), () -> "the refusal should name pack.json's version: " + again.body());
        assertEquals(List.of(), http.tags(RegistryHttp.repository("crossplane")));

        // the right version under another pack's name is refused too
        Path renamed = Files.createDirectories(tmp.resolve("push-wrong-name")).resolve("other-pack-2.1.3.tar.gz");
        Files.write(renamed, PackArchive.create(crossplane.files(), "other-pack-2.1.3"));
        OrasException wrongName = assertThrows(OrasException.class,
                () -> registry.pushArtifact(ref("other-pack", "2.1.3"), LocalPath.of(renamed)));
        assertEquals(Integer.valueOf(400), wrongName.getStatusCode(), wrongName::toString);
        assertEquals(List.of(), http.tags(RegistryHttp.repository("other-pack")));
        assertEquals(404, http.status("/v1/packs/other-pack"));
    }

    /**
     * The manifest the {@code oras} CLI makes for {@code oras push REF FILE}: ORAS's default artifact and layer types,
     * the empty config (inlined as {@code data}), the file's name as title, a creation time.
     */
    private static byte[] orasDefaultManifest(Path tarball) throws IOException {
        byte[] bytes = Files.readAllBytes(tarball);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"%s",
                 "config":{"mediaType":"%s","digest":"%s","size":2,"data":"e30="},
                 "layers":[{"mediaType":"%s","digest":"%s","size":%d,"annotations":{"%s":"%s"}}],
                 "annotations":{"org.opencontainers.image.created":"2026-01-01T00:00:00Z"}}
                """.formatted(ORAS_DEFAULT_ARTIFACT, OCI_EMPTY, sha256("{}".getBytes(StandardCharsets.UTF_8)),
                ORAS_DEFAULT_LAYER, sha256(bytes), bytes.length, TITLE, tarball.getFileName());
        return manifest.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
