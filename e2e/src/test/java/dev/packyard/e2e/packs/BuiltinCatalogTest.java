package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.packs.CliProcess.Result;
import dev.packyard.e2e.packs.Fixtures.Fixture;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in catalog, published by the packaged server on the first start of a fresh data folder: a full stack
 * (OS, Kubernetes 1.28 to 1.31, CNIs, CSIs, add-ons) with train tags, every version a valid pack whose archive
 * pulls with oras-java byte for byte, and published once only: a version deleted later stays deleted across a
 * restart. The CLI lists and pulls it too. The last test deletes and restarts, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuiltinCatalogTest {

    private static final String KUBERNETES = RegistryHttp.repository("kubernetes");
    private static final Pattern UBUNTU_LTS = Pattern.compile("(\\d\\d)\\.04\\.\\d+");

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static RegistryHttp http;
    private static Registry registry;

    @BeforeAll
    static void startServerWithTheBuiltinCatalog() {
        server = RegistryProcess.start(tmp.resolve("data")); // no --no-builtin-catalog: the catalog is the subject
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

    @Test
    @Order(1)
    void offersAFullStack() {
        Map<String, JsonNode> packs = new TreeMap<>();
        http.packs().forEach(item -> packs.put(item.path("name").asText(), item));

        JsonNode ubuntu = packs.get("ubuntu");
        assertTrue(ubuntu != null && ubuntu.path("layer").asText().equals("os"), packs.keySet()::toString);
        List<String> ubuntuVersions = texts(ubuntu.path("versions"));
        assertEquals(2, ubuntuVersions.size(), ubuntuVersions::toString);
        for (String version : ubuntuVersions) {
            Matcher lts = UBUNTU_LTS.matcher(version);
            assertTrue(lts.matches() && Integer.parseInt(lts.group(1)) % 2 == 0, version + " is not an Ubuntu LTS release");
        }

        JsonNode kubernetes = packs.get("kubernetes");
        assertTrue(kubernetes != null && kubernetes.path("layer").asText().equals("k8s"), packs.keySet()::toString);
        Set<String> minors = new TreeSet<>();
        texts(kubernetes.path("versions")).forEach(v -> minors.add(v.substring(0, v.lastIndexOf('.'))));
        assertEquals(Set.of("1.28", "1.29", "1.30", "1.31"), minors);

        assertEquals(2, namesOfLayer(packs, "cni").size(), () -> "CNIs: " + namesOfLayer(packs, "cni"));
        assertEquals(2, namesOfLayer(packs, "csi").size(), () -> "CSIs: " + namesOfLayer(packs, "csi"));
        assertTrue(namesOfLayer(packs, "addon").size() >= 8, () -> "add-ons: " + namesOfLayer(packs, "addon"));
        // the API's own layer filter agrees
        assertEquals(2, http.json("/v1/packs?layer=cni").path("total").asInt());
        assertEquals(2, http.json("/v1/packs?layer=csi").path("total").asInt());

        // exactly the folders of packs/catalog, each under its pack.json name and version
        Set<String> published = publishedVersions();
        Set<String> bundled = new TreeSet<>();
        Fixtures.builtinCatalog().forEach(f -> bundled.add(f.ref()));
        assertEquals(bundled, published);
    }

    @Test
    @Order(2)
    void kubernetesTrainTagsPointAtTheHighestPatches() {
        Map<String, String> digests = versionDigests("kubernetes");
        Map<String, String> expectedTrains = new TreeMap<>();
        for (String minor : List.of("1.28", "1.29", "1.30", "1.31")) {
            expectedTrains.put(minor + ".x", highest(digests.keySet().stream().filter(v -> v.startsWith(minor + ".")).toList()));
        }
        expectedTrains.put("1.x", highest(new ArrayList<>(digests.keySet())));
        assertEquals("1.31.2", expectedTrains.get("1.x"), "the catalog's newest Kubernetes");

        for (Map.Entry<String, String> train : expectedTrains.entrySet()) {
            assertEquals(digests.get(train.getValue()), http.manifestDigest(KUBERNETES, train.getKey()).orElse(null),
                    () -> train.getKey() + " should point at " + train.getValue());
        }
        Set<String> tags = new TreeSet<>(digests.keySet());
        tags.addAll(expectedTrains.keySet());
        assertEquals(tags, new TreeSet<>(http.tags(KUBERNETES)));
        JsonNode pack = http.json("/v1/packs/kubernetes");
        Map<String, String> listed = new TreeMap<>();
        pack.path("tags").properties().forEach(e -> listed.put(e.getKey(), e.getValue().asText()));
        assertEquals(expectedTrains, listed, pack::toPrettyString);
    }

    @Test
    @Order(3)
    void everyBuiltinVersionPullsWithOrasAsAValidPackByteIdentical() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode item : http.packs()) {
            String name = item.path("name").asText();
            for (Map.Entry<String, String> version : versionDigests(name).entrySet()) {
                String problem = checkVersion(name, version.getKey(), version.getValue());
                if (problem != null) {
                    failures.add(name + ":" + version.getKey() + ": " + problem);
                }
                checked++;
            }
        }
        assertEquals(Fixtures.builtinCatalog().size(), checked);
        assertEquals(List.of(), failures);
    }

    /** Null when the version pulls, hashes to its digests, validates and equals its source folder; else why not. */
    private static String checkVersion(String name, String version, String catalogDigest) throws IOException {
        ContainerRef ref = ContainerRef.parse(server.hostPort() + "/" + RegistryHttp.repository(name) + ":" + version);
        Manifest manifest = registry.getManifest(ref);
        if (!catalogDigest.equals(manifest.getDescriptor().getDigest())) {
            return "manifest " + manifest.getDescriptor().getDigest() + " is not the catalog's " + catalogDigest;
        }
        if (manifest.getLayers().size() != 1) {
            return manifest.getLayers().size() + " layers";
        }
        Layer layer = manifest.getLayers().get(0);
        String title = name + "-" + version + ".tar.gz";
        if (!RegistryHttp.PACK_LAYER.equals(layer.getMediaType()) || !title.equals(layer.getAnnotations().get(
                "org.opencontainers.image.title"))) {
            return "layer " + layer.getMediaType() + " " + layer.getAnnotations();
        }
        String layerDigest = http.json("/v1/packs/" + name + "/" + version).path("layerDigest").asText();
        if (!layerDigest.equals(layer.getDigest())) {
            return "catalog layerDigest " + layerDigest + " is not the manifest's " + layer.getDigest();
        }

        Path target = Files.createDirectories(tmp.resolve("pulled").resolve(name + "-" + version));
        registry.pullArtifact(ref, target, true);
        Path archive = target.resolve(title);
        if (!Files.isRegularFile(archive)) {
            return "oras-java pulled no " + title;
        }
        byte[] bytes = Files.readAllBytes(archive);
        if (bytes.length != layer.getSize() || !sha256(bytes).equals(layer.getDigest())) {
            return "the pulled archive (" + bytes.length + " bytes, " + sha256(bytes) + ") is not the layer "
                    + layer.getDigest() + " of " + layer.getSize() + " bytes";
        }
        PackFiles files;
        try (InputStream in = Files.newInputStream(archive)) {
            files = PackArchive.read(in, PackArchive.DEFAULT_MAX_EXPANDED_BYTES);
        }
        ValidationReport report = new PackValidator().validate(files);
        if (!report.valid()) {
            return "invalid:\n" + report.format();
        }
        Fixture source = Fixtures.fixture(Fixtures.BUILTIN_CATALOG.resolve(name + "-" + version));
        if (!source.name().equals(name) || !source.version().equals(version)) {
            return "packs/catalog/" + name + "-" + version + " holds " + source;
        }
        String difference = Fixtures.difference(source.files(), files);
        if (difference != null) {
            return "differs from packs/catalog: " + difference;
        }
        try (InputStream config = registry.pullConfig(ref, manifest.getConfig())) {
            if (!Arrays.equals(source.files().file("pack.json").orElseThrow(), config.readAllBytes())) {
                return "the config blob is not the pack's pack.json";
            }
        }
        return null;
    }

    @Test
    @Order(4)
    void theCliListsAndPullsTheBuiltinCatalog() {
        CliProcess cli = new CliProcess(tmp.resolve("home"), server.baseUri());
        Result ls = cli.run("ls", "--layer", "k8s");
        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals(2, ls.stdoutLines().size(), ls::toString);
        assertTrue(ls.stdoutLines().get(1).matches("kubernetes\\s+Kubernetes\\s+k8s\\s+1\\.31\\.2\\s+8\\s*"), ls::toString);

        // a train tag of the catalog pulls its newest patch, file for file as in packs/catalog
        Path target = tmp.resolve("cli-kubernetes-1.30");
        Result pull = cli.run("pull", "kubernetes:1.30.x", target.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertTrue(pull.stdout().contains("pulled kubernetes 1.30.6 " + versionDigests("kubernetes").get("1.30.6")),
                pull::toString);
        Fixture source = Fixtures.fixture(Fixtures.BUILTIN_CATALOG.resolve("kubernetes-1.30.6"));
        assertNull(Fixtures.difference(source.files(), Fixtures.read(target)), pull::toString);
    }

    @Test
    @Order(5)
    void aDeletedBuiltinVersionIsNotRepublishedOnRestart() {
        Map<String, String> before = versionDigests("kubernetes");
        String deleted = before.get("1.31.2");
        String remaining = before.get("1.31.1");
        Set<String> expected = publishedVersions();
        assertTrue(expected.remove("kubernetes:1.31.2"), expected::toString);

        assertEquals(202, http.delete("/v2/" + KUBERNETES + "/manifests/" + deleted).statusCode());
        assertDeleted(deleted, remaining);
        assertEquals(expected, publishedVersions());

        server.restart();
        assertTrue(server.isAlive());
        assertDeleted(deleted, remaining);
        // nothing republished, nothing else lost
        assertEquals(expected, publishedVersions());
    }

    private static void assertDeleted(String deleted, String remaining) {
        assertEquals(404, http.status("/v1/packs/kubernetes/1.31.2"));
        assertFalse(http.tags(KUBERNETES).contains("1.31.2"), http.tags(KUBERNETES)::toString);
        assertFalse(versionDigests("kubernetes").containsValue(deleted));
        assertEquals(remaining, http.manifestDigest(KUBERNETES, "1.31.x").orElse(null), "1.31.x moves to 1.31.1");
        assertEquals(remaining, http.manifestDigest(KUBERNETES, "1.x").orElse(null), "1.x moves to 1.31.1");
        assertEquals("1.31.1", http.json("/v1/packs/kubernetes").path("latestVersion").asText());
    }

    /** Every {@code name:version} the catalog lists. */
    private static Set<String> publishedVersions() {
        Set<String> published = new TreeSet<>();
        for (JsonNode item : http.packs()) {
            String name = item.path("name").asText();
            texts(item.path("versions")).forEach(v -> published.add(name + ":" + v));
        }
        return published;
    }

    /** Version → manifest digest, from {@code GET /v1/packs/{name}}. */
    private static Map<String, String> versionDigests(String name) {
        Map<String, String> digests = new LinkedHashMap<>();
        http.json("/v1/packs/" + name).path("versions")
                .forEach(v -> digests.put(v.path("version").asText(), v.path("digest").asText()));
        return digests;
    }

    private static List<String> namesOfLayer(Map<String, JsonNode> packs, String layer) {
        return packs.values().stream().filter(p -> p.path("layer").asText().equals(layer))
                .map(p -> p.path("name").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The highest of plain numeric versions (x.y.z). */
    private static String highest(List<String> versions) {
        return versions.stream().max(Comparator.comparing(BuiltinCatalogTest::numbers, Arrays::compare)).orElseThrow();
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
