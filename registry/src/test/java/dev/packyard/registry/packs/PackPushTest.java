package dev.packyard.registry.packs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.registry.TestRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packs pushed over HTTP: validation, the catalog API, train tags, and refusals that store nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackPushTest {

    static final Path FIXTURES = Path.of("../../shared/fixtures/pack-central");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestRegistry registry;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        registry = new TestRegistry(data, false);
        try (Stream<Path> packs = Files.list(FIXTURES)) {
            for (Path folder : packs.sorted().toList()) {
                PackFiles files = PackFiles.readFolder(folder);
                HttpResponse<String> pushed = push(files);
                assertEquals(201, pushed.statusCode(), folder + ": " + pushed.body());
            }
        }
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    /** Pushes a pack the way {@code packyard push} does; returns the manifest PUT's response. */
    private HttpResponse<String> push(PackFiles files) throws Exception {
        JsonNode packJson = JSON.readTree(files.file("pack.json").orElseThrow());
        String name = packJson.path("name").asText("unnamed");
        String version = packJson.path("version").asText("0.0.0");
        return pushAs(files, name, version, PackMediaTypes.LAYER);
    }

    private HttpResponse<String> pushAs(PackFiles files, String name, String tag, String layerType) throws Exception {
        String repository = "spectro-packs/archive/" + name;
        byte[] tarball = PackArchive.create(files, name + "-" + tag);
        return pushTarball(repository, tag, tarball, files.file("pack.json").orElse("{}".getBytes(StandardCharsets.UTF_8)),
                layerType, name + "-" + tag + ".tar.gz");
    }

    private HttpResponse<String> pushTarball(String repository, String tag, byte[] tarball, byte[] config, String layerType,
                                             String title) throws Exception {
        String layer = registry.pushBlob(repository, tarball);
        String configDigest = registry.pushBlob(repository, config);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("artifactType", PackMediaTypes.ARTIFACT);
        manifest.putObject("config").put("mediaType", PackMediaTypes.CONFIG).put("digest", configDigest).put("size", config.length);
        ObjectNode layerNode = manifest.putArray("layers").addObject();
        layerNode.put("mediaType", layerType).put("digest", layer).put("size", tarball.length);
        layerNode.putObject("annotations").put(PackMediaTypes.TITLE, title);
        return registry.putManifest(repository, tag, JSON.writeValueAsBytes(manifest));
    }

    private static PackFiles fixture(String folder) throws IOException {
        return PackFiles.readFolder(FIXTURES.resolve(folder));
    }

    private static PackFiles withFile(PackFiles files, String path, String content) {
        SortedMap<String, byte[]> changed = new TreeMap<>(files.files());
        changed.put(path, content.getBytes(StandardCharsets.UTF_8));
        return new PackFiles(changed);
    }

    private List<String> tags(String repository) throws Exception {
        HttpResponse<String> response = registry.get("/v2/" + repository + "/tags/list");
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        registry.json(response.body()).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @Test
    void everyFixturePackIsInTheCatalog() throws Exception {
        JsonNode page = registry.getJson("/v1/packs?limit=500");
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asText()));
        assertTrue(names.containsAll(List.of("antrea", "argo-cd", "cni-multus", "crossplane", "csi-nfs-subdir-external",
                "hello-universe", "permission-manager", "upbound-crossplane")), names.toString());
        JsonNode crossplane = registry.getJson("/v1/packs/crossplane");
        List<String> versions = new ArrayList<>();
        crossplane.path("versions").forEach(v -> versions.add(v.path("version").asText()));
        assertEquals(List.of("2.3.0", "2.1.3", "1.19.1", "1.16.0"), versions);
        assertEquals("2.3.0", crossplane.path("latestVersion").asText());
        assertEquals("Crossplane", crossplane.path("displayName").asText());
        assertEquals("upgrade", registry.getJson("/v1/packs/argo-cd/3.26.7").path("metadata")
                .path("constraints").path("dependencies").get(0).path("type").asText());
        assertEquals("2.0.2-up.3", registry.getJson("/v1/packs/upbound-crossplane").path("latestVersion").asText());
    }

    @Test
    void servesOneVersionWithItsContent() throws Exception {
        JsonNode hello = registry.getJson("/v1/packs/hello-universe/1.3.1");
        assertEquals("addon", hello.path("layer").asText());
        assertTrue(hello.path("values").asText().contains("hello-universe"));
        assertTrue(hello.path("presets").size() > 0, hello.toString());
        assertTrue(hello.path("schema").size() > 0, hello.toString());
        assertTrue(hello.path("digest").asText().startsWith("sha256:"));
        assertEquals("spectro-packs/archive/hello-universe:1.3.1", hello.path("reference").asText());
        HttpResponse<byte[]> logo = registry.getBytes(hello.path("logoUrl").asText());
        assertEquals(200, logo.statusCode());
        assertEquals("image/png", logo.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("hello-universe-1.3.1/logo.png")), logo.body());
        HttpResponse<String> readme = registry.get(hello.path("readmeUrl").asText());
        assertEquals(Files.readString(FIXTURES.resolve("hello-universe-1.3.1/README.md")), readme.body());
        assertEquals(404, registry.get("/v1/packs/hello-universe/9.9.9").statusCode());
        assertEquals(404, registry.get("/v1/packs/no-such-pack").statusCode());
    }

    @Test
    void filtersAndPages() throws Exception {
        assertEquals(List.of("antrea"), names("/v1/packs?layer=cni"));
        assertEquals(List.of("csi-nfs-subdir-external"), names("/v1/packs?layer=csi"));
        assertEquals(List.of("argo-cd"), names("/v1/packs?state=deprecated"));
        assertTrue(names("/v1/packs?cloudType=vsphere").containsAll(List.of("antrea", "crossplane")));
        assertFalse(names("/v1/packs?cloudType=vsphere").isEmpty());
        assertEquals(List.of("permission-manager"), names("/v1/packs?addonType=authentication"));
        assertEquals(List.of("crossplane", "upbound-crossplane"), names("/v1/packs?name=crossplane"));
        JsonNode first = registry.getJson("/v1/packs?limit=2");
        JsonNode second = registry.getJson("/v1/packs?limit=2&offset=2");
        assertEquals(2, first.path("items").size());
        assertEquals(first.path("total").asInt(), second.path("total").asInt());
        assertFalse(first.path("items").get(0).path("name").asText().equals(second.path("items").get(0).path("name").asText()));
        assertEquals(400, registry.get("/v1/packs?layer=network").statusCode());
        assertEquals(400, registry.get("/v1/packs?limit=-1").statusCode());
        assertEquals(400, registry.get("/v1/packs?state=gone").statusCode());
        assertTrue(registry.get("/v1/packs?layer=network").body().contains("kernel, os, k8s, cni, csi, addon"));
    }

    private List<String> names(String path) throws Exception {
        List<String> names = new ArrayList<>();
        registry.getJson(path).path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    @Test
    void trainTagsFollowPushesAndDeletes() throws Exception {
        String repository = "spectro-packs/archive/hello-universe";
        assertTrue(tags(repository).containsAll(List.of("1.x", "1.3.x", "1.1.x")), tags(repository).toString());
        assertEquals(registry.getJson("/v1/packs/hello-universe/1.3.1").path("digest").asText(),
                registry.get("/v2/" + repository + "/manifests/1.x").headers().firstValue("Docker-Content-Digest").orElseThrow());
        // a new patch moves 1.x and 1.3.x
        PackFiles next = withFile(fixture("hello-universe-1.3.1"), "pack.json",
                new String(fixture("hello-universe-1.3.1").file("pack.json").orElseThrow(), StandardCharsets.UTF_8)
                        .replace("\"1.3.1\"", "\"1.3.2\""));
        assertEquals(201, push(next).statusCode());
        assertEquals("1.3.2", registry.getJson("/v1/packs/hello-universe").path("tags").path("1.x").asText());
        String digest132 = registry.getJson("/v1/packs/hello-universe/1.3.2").path("digest").asText();
        assertEquals(digest132, registry.get("/v2/" + repository + "/manifests/1.3.x").headers()
                .firstValue("Docker-Content-Digest").orElseThrow());
        // deleting it moves them back; deleting the only 1.1 version removes its train
        assertEquals(202, registry.delete("/v2/" + repository + "/manifests/" + digest132).statusCode());
        assertEquals("1.3.1", registry.getJson("/v1/packs/hello-universe").path("tags").path("1.3.x").asText());
        assertEquals(202, registry.delete("/v2/" + repository + "/manifests/1.1.3").statusCode());
        assertFalse(tags(repository).contains("1.1.x"), tags(repository).toString());
        assertEquals(404, registry.get("/v1/packs/hello-universe/1.1.3").statusCode());
        // train tags are the registry's: not pushed to, not deleted by hand
        assertEquals(400, registry.delete("/v2/" + repository + "/manifests/1.x").statusCode());
        HttpResponse<String> toTrain = pushAs(fixture("hello-universe-1.3.0"), "hello-universe", "1.x", PackMediaTypes.LAYER);
        assertEquals(400, toTrain.statusCode());
        assertTrue(toTrain.body().contains("TAG_INVALID"), toTrain.body());
    }

    @Test
    void refusesInvalidPacksAndStoresNothing() throws Exception {
        PackFiles good = fixture("multus-3.9.0");
        String packJson = new String(good.file("pack.json").orElseThrow(), StandardCharsets.UTF_8);
        Map<String, PackFiles> broken = Map.of(
                "missing name", withFile(good, "pack.json", packJson.replace("\"name\": \"cni-multus\",", "")),
                "unknown layer", withFile(good, "pack.json", packJson.replace("\"addon\"", "\"network\"")),
                "bad yaml", withFile(good, "values.yaml", "pack:\n\tnamespace: x\n  bad: [\n"));
        for (Map.Entry<String, PackFiles> pack : broken.entrySet()) {
            HttpResponse<String> response = pushAs(pack.getValue(), "cni-multus", "9.9.9", PackMediaTypes.LAYER);
            assertEquals(400, response.statusCode(), pack.getKey() + ": " + response.body());
            JsonNode error = registry.json(response.body()).path("errors").get(0);
            assertEquals("MANIFEST_INVALID", error.path("code").asText(), pack.getKey());
            assertTrue(error.path("detail").path("problems").size() > 0, pack.getKey() + ": " + response.body());
        }
        assertFalse(tags("spectro-packs/archive/cni-multus").contains("9.9.9"));
        assertEquals(404, registry.get("/v1/packs/cni-multus/9.9.9").statusCode());

        HttpResponse<String> wrongTag = pushAs(good, "cni-multus", "3.9.1", PackMediaTypes.LAYER);
        assertEquals(400, wrongTag.statusCode());
        assertTrue(wrongTag.body().contains("pack.json says version 3.9.0"), wrongTag.body());
        HttpResponse<String> wrongName = pushAs(good, "not-multus", "3.9.0", PackMediaTypes.LAYER);
        assertEquals(400, wrongName.statusCode());
        assertTrue(wrongName.body().contains("spectro-packs/archive/cni-multus:3.9.0"), wrongName.body());
        assertTrue(tags("spectro-packs/archive/not-multus").isEmpty());
    }

    @Test
    void refusesUnsafeArchives() throws Exception {
        byte[] zipSlip = tarGz(out -> {
            entry(out, "cni-multus/pack.json", fixture("multus-3.9.0").file("pack.json").orElseThrow());
            entry(out, "../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<String> slip = pushTarball("spectro-packs/archive/cni-multus", "3.9.0", zipSlip,
                fixture("multus-3.9.0").file("pack.json").orElseThrow(), PackMediaTypes.LAYER, "cni-multus-3.9.0.tar.gz");
        assertEquals(400, slip.statusCode(), slip.body());
        assertTrue(slip.body().contains("evil.sh"), slip.body());

        long started = System.nanoTime();
        byte[] bomb = tarGz(out -> {
            TarArchiveEntry entry = new TarArchiveEntry("bomb/zeros.bin");
            entry.setSize(2L * 1024 * 1024 * 1024);
            out.putArchiveEntry(entry);
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 2048; i++) {
                out.write(zeros);
            }
            out.closeArchiveEntry();
        });
        HttpResponse<String> refused = pushTarball("spectro-packs/archive/cni-multus", "3.9.0", bomb,
                fixture("multus-3.9.0").file("pack.json").orElseThrow(), PackMediaTypes.LAYER, "cni-multus-3.9.0.tar.gz");
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("536870912") || refused.body().contains("512 MiB"), refused.body());
        assertTrue(System.nanoTime() - started < 60_000_000_000L, "the bomb must be refused quickly");
        assertEquals(List.of("3.9.0"), registry.getJson("/v1/packs/cni-multus").path("versions").findValuesAsText("version"));
    }

    @Test
    void ingestsPacksPushedWithOrasDefaults() throws Exception {
        // oras push <repo>:1.3.0 hello-universe-1.3.0.tar.gz: an empty config and ORAS's default layer type
        PackFiles files = fixture("hello-universe-1.3.0");
        String repository = "team/spectro-packs/archive/hello-universe";
        byte[] tarball = PackArchive.create(files, "hello-universe-1.3.0");
        String layer = registry.pushBlob(repository, tarball);
        String config = registry.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.unknown.artifact.v1",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d,
                   "annotations":{"org.opencontainers.image.title":"hello-universe-1.3.0.tar.gz"}}]}
                """.formatted(config, layer, tarball.length);
        HttpResponse<String> pushed = registry.putManifest(repository, "1.3.0", manifest.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertEquals(List.of("hello-universe"), names("/v1/packs?registry=team"));
        assertTrue(tags(repository).contains("1.3.x"));
    }

    @FunctionalInterface
    private interface TarWriter {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private static byte[] tarGz(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void entry(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }
}
