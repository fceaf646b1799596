package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.registry.TestRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Pushing packs and charts into a {@link TestRegistry}, and waiting for the search index, for the search tests. */
final class SearchFixtures {

    static final Path PACK_CENTRAL = Path.of("../../shared/fixtures/pack-central");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchFixtures() {
    }

    /** Pushes a pack folder the way {@code packyard push} does; returns the manifest PUT's response. */
    static HttpResponse<String> pushPack(TestRegistry registry, PackFiles files) throws Exception {
        JsonNode packJson = JSON.readTree(files.file("pack.json").orElseThrow());
        String name = packJson.path("name").asText();
        String version = packJson.path("version").asText();
        String repository = "spectro-packs/archive/" + name;
        byte[] tarball = PackArchive.create(files, name + "-" + version);
        byte[] config = files.file("pack.json").orElseThrow();
        String layer = registry.pushBlob(repository, tarball);
        String configDigest = registry.pushBlob(repository, config);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("artifactType", "application/vnd.packyard.pack.v1");
        manifest.putObject("config").put("mediaType", "application/vnd.packyard.pack.config.v1+json")
                .put("digest", configDigest).put("size", config.length);
        ObjectNode layerNode = manifest.putArray("layers").addObject();
        layerNode.put("mediaType", "application/vnd.packyard.pack.layer.v1.tar+gzip").put("digest", layer)
                .put("size", tarball.length);
        layerNode.putObject("annotations").put("org.opencontainers.image.title", name + "-" + version + ".tar.gz");
        return registry.putManifest(repository, version, JSON.writeValueAsBytes(manifest));
    }

    /** A chart package with {@code keywords} in its Chart.yaml. */
    static byte[] chart(String name, String version, String description, String... keywords) throws IOException {
        StringBuilder chartYaml = new StringBuilder("apiVersion: v2\nname: " + name + "\nversion: " + version
                + "\ndescription: " + description + "\ntype: application\nappVersion: \"1.0.0\"\n");
        if (keywords.length > 0) {
            chartYaml.append("keywords:\n");
            for (String keyword : keywords) {
                chartYaml.append("  - ").append(keyword).append('\n');
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            file(tar, name + "/Chart.yaml", chartYaml.toString());
            file(tar, name + "/values.yaml", "replicaCount: 1\n");
            file(tar, name + "/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /** Waits until the start-up rebuild or reconciliation has finished. */
    static void awaitIndex(TestRegistry registry) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (registry.getJson("/v1/search?limit=1").path("complete").asBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the search index did not finish its rebuild within 60 s");
    }

    static JsonNode search(TestRegistry registry, String query) throws Exception {
        return registry.getJson("/v1/search?" + query);
    }

    static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
