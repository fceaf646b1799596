package dev.packyard.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.e2e.RegistryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import land.oras.Annotations;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Layer;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives Packyard with oras-java, the ORAS Java SDK, over plain http: an artifact with a custom config, two layers
 * and manifest annotations; a referrer attached to it; the referrers API; and pulling everything back.
 */
class OrasJavaTest {

    private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String ARTIFACT_TYPE = "application/vnd.packyard.e2e.bundle.v1";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.packyard.e2e.config.v1+json";
    private static final String SMALL_MEDIA_TYPE = "application/vnd.packyard.e2e.readme.v1+text";
    private static final String LARGE_MEDIA_TYPE = "application/vnd.packyard.e2e.payload.v1";
    private static final String REFERRER_TYPE = "application/vnd.packyard.e2e.signature.v1";
    private static final String REFERRER_LAYER_MEDIA_TYPE = "application/vnd.packyard.e2e.signature.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static Registry registry;
    private static HttpClient http;

    @BeforeAll
    static void startServer() {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        registry = Registry.builder().insecure().withParallelism(2).build();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() {
        if (registry != null) {
            registry.getExecutorService().shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pushAttachListReferrersAndPullBack() throws Exception {
        // --- the artifact's content: two files of different sizes and a config blob of a custom media type
        Path source = Files.createDirectories(tmp.resolve("source"));
        Path readme = source.resolve("README.txt");
        Files.writeString(readme, "Packyard end-to-end artifact\n".repeat(40), StandardCharsets.UTF_8);
        Path payload = source.resolve("payload.bin");
        Files.write(payload, Blobs.random(42, 1024 * 1024 + 12_345));
        byte[] configBytes = """
                {"name":"oras-e2e","version":"1.0.0","description":"config blob with a custom media type"}"""
                .getBytes(StandardCharsets.UTF_8);

        ContainerRef ref = ContainerRef.parse(server.hostPort() + "/e2e/oras/bundle:v1");

        Layer configBlob = registry.pushBlob(ref, configBytes);
        assertEquals(Blobs.sha256(configBytes), configBlob.getDigest());
        Config config = Config.fromBlob(CONFIG_MEDIA_TYPE, configBlob);

        Map<String, String> manifestAnnotations = new LinkedHashMap<>();
        manifestAnnotations.put("org.opencontainers.image.created", "2025-01-01T00:00:00Z");
        manifestAnnotations.put("org.opencontainers.image.description", "pushed by OrasJavaTest");
        manifestAnnotations.put("dev.packyard.e2e.case", "oras-java");

        Manifest pushed = registry.pushArtifact(ref, ArtifactType.from(ARTIFACT_TYPE),
                Annotations.ofManifest(manifestAnnotations), config,
                LocalPath.of(readme, SMALL_MEDIA_TYPE), LocalPath.of(payload, LARGE_MEDIA_TYPE));
        String digest = pushed.getDescriptor().getDigest();
        assertNotNull(digest, "oras-java got no digest back for the pushed manifest");
        assertTrue(digest.startsWith("sha256:"), digest);

        // --- the manifest as the registry stores it, read with a plain HTTP client
        HttpResponse<byte[]> byTag = getManifest("e2e/oras/bundle", "v1");
        assertEquals(200, byTag.statusCode(), () -> "GET manifest by tag\n" + Blobs.logTail(server.log()));
        assertEquals(digest, Blobs.sha256(byTag.body()), "the stored manifest's bytes do not hash to the pushed digest");
        assertEquals(digest, byTag.headers().firstValue("Docker-Content-Digest").orElse(null));
        assertEquals(MANIFEST_MEDIA_TYPE, byTag.headers().firstValue("Content-Type").orElse(null));
        HttpResponse<byte[]> byDigest = getManifest("e2e/oras/bundle", digest);
        assertEquals(200, byDigest.statusCode());
        assertArrayEquals(byTag.body(), byDigest.body(), "the manifest differs by tag and by digest");

        JsonNode manifestJson = JSON.readTree(byTag.body());
        assertEquals(ARTIFACT_TYPE, manifestJson.path("artifactType").asText());
        assertEquals(CONFIG_MEDIA_TYPE, manifestJson.path("config").path("mediaType").asText());
        assertEquals(configBlob.getDigest(), manifestJson.path("config").path("digest").asText());
        assertEquals(configBytes.length, manifestJson.path("config").path("size").asLong());
        manifestAnnotations.forEach((key, value) ->
                assertEquals(value, manifestJson.path("annotations").path(key).asText(), "manifest annotation " + key));
        JsonNode layers = manifestJson.path("layers");
        assertEquals(2, layers.size(), manifestJson::toPrettyString);
        assertLayer(layers.get(0), readme, SMALL_MEDIA_TYPE);
        assertLayer(layers.get(1), payload, LARGE_MEDIA_TYPE);
        assertNotEquals(layers.get(0).path("digest").asText(), layers.get(1).path("digest").asText());

        // --- a referrer: an artifact whose subject is the first manifest
        Path signature = source.resolve("signature.json");
        Files.writeString(signature, "{\"signed\":\"" + digest + "\"}", StandardCharsets.UTF_8);
        Map<String, String> referrerAnnotations = new LinkedHashMap<>();
        referrerAnnotations.put("org.opencontainers.image.created", "2025-01-02T00:00:00Z");
        referrerAnnotations.put("dev.packyard.e2e.signer", "e2e-key-1");
        Manifest referrer = registry.attachArtifact(ref.withDigest(digest), ArtifactType.from(REFERRER_TYPE),
                Annotations.ofManifest(referrerAnnotations), LocalPath.of(signature, REFERRER_LAYER_MEDIA_TYPE));
        String referrerDigest = referrer.getDescriptor().getDigest();
        assertNotNull(referrer.getSubject());
        assertEquals(digest, referrer.getSubject().getDigest());
        assertNotEquals(digest, referrerDigest);

        HttpResponse<byte[]> referrerRaw = getManifest("e2e/oras/bundle", referrerDigest);
        assertEquals(200, referrerRaw.statusCode());
        assertEquals(referrerDigest, Blobs.sha256(referrerRaw.body()));
        JsonNode referrerJson = JSON.readTree(referrerRaw.body());
        assertEquals(digest, referrerJson.path("subject").path("digest").asText());
        assertEquals(byTag.body().length, referrerJson.path("subject").path("size").asLong());

        // --- the referrers of the first manifest: exactly the one attached
        Referrers referrers = registry.getReferrers(ref.withDigest(digest), null);
        List<ManifestDescriptor> found = referrers.getManifests();
        assertEquals(1, found.size(), () -> "referrers of " + digest + ": " + referrers.toJson());
        ManifestDescriptor only = found.get(0);
        assertEquals(referrerDigest, only.getDigest());
        assertEquals(REFERRER_TYPE, only.getArtifactType());
        assertEquals(MANIFEST_MEDIA_TYPE, only.getMediaType());
        assertEquals(referrerRaw.body().length, only.getSize());
        assertEquals("e2e-key-1", only.getAnnotations().get("dev.packyard.e2e.signer"), referrers::toJson);

        Referrers filtered = registry.getReferrers(ref.withDigest(digest), ArtifactType.from(REFERRER_TYPE));
        assertEquals(List.of(referrerDigest), digests(filtered), filtered::toJson);
        assertEquals(List.of(), digests(registry.getReferrers(ref.withDigest(referrerDigest), null)),
                "the referrer itself has no referrers");
        assertReferrersFilterOnOtherType(digest);

        // --- pull everything back, by tag and by digest
        for (ContainerRef pull : List.of(ref, ref.withDigest(digest))) {
            Path target = Files.createDirectories(tmp.resolve("pulled-" + Blobs.hex(Blobs.sha256(
                    pull.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 12)));
            registry.pullArtifact(pull, target, true);
            assertSameFile(readme, target.resolve("README.txt"));
            assertSameFile(payload, target.resolve("payload.bin"));
        }
        Path pulledSignature = Files.createDirectories(tmp.resolve("pulled-referrer"));
        registry.pullArtifact(ref.withDigest(referrerDigest), pulledSignature, true);
        assertSameFile(signature, pulledSignature.resolve("signature.json"));

        Manifest fetched = registry.getManifest(ref);
        assertEquals(digest, fetched.getDescriptor().getDigest(), "the pulled manifest's digest differs from the pushed one");
        assertEquals(ARTIFACT_TYPE, fetched.getArtifactTypeAsString());
        assertEquals("oras-java", fetched.getAnnotations().get("dev.packyard.e2e.case"));
        assertEquals(List.of(Blobs.sha256(readme), Blobs.sha256(payload)),
                fetched.getLayers().stream().map(Layer::getDigest).toList());

        // --- the config, pulled through oras-java and described by a HEAD on the blob
        Config fetchedConfig = fetched.getConfig();
        assertEquals(CONFIG_MEDIA_TYPE, fetchedConfig.getMediaType());
        assertEquals(configBlob.getDigest(), fetchedConfig.getDigest());
        try (InputStream in = registry.pullConfig(ref, fetchedConfig)) {
            assertArrayEquals(configBytes, in.readAllBytes(), "the pulled config differs from the pushed one");
        }
        assertArrayEquals(configBytes, registry.getBlob(ref.withDigest(configBlob.getDigest())));
        Descriptor configDescriptor = registry.fetchBlobDescriptor(ref.withDigest(configBlob.getDigest()));
        assertEquals(configBlob.getDigest(), configDescriptor.getDigest());
        assertEquals(configBytes.length, configDescriptor.getSize());
    }

    @Test
    void chunkedBlobUploadTagsAndManifestByDigest() throws Exception {
        ContainerRef ref = ContainerRef.parse(server.hostPort() + "/e2e/oras/chunked:first");
        Path blob = tmp.resolve("chunked.bin");
        Files.write(blob, Blobs.random(7, 3 * 1024 * 1024 + 17));
        String blobDigest = Blobs.sha256(blob);

        Layer layer = registry.pushBlobChunked(ref.withDigest(blobDigest), blob, 1024 * 1024);
        assertEquals(blobDigest, layer.getDigest());
        Descriptor described = registry.fetchBlobDescriptor(ref.withDigest(blobDigest));
        assertEquals(Files.size(blob), described.getSize());
        Path fetched = tmp.resolve("chunked-fetched.bin");
        registry.fetchBlob(ref.withDigest(blobDigest), fetched);
        assertSameFile(blob, fetched);

        // an artifact whose single layer is the chunked blob (already present: oras-java skips the upload)
        Manifest first = registry.pushArtifact(ref, ArtifactType.from(ARTIFACT_TYPE),
                Annotations.ofManifest(Map.of("org.opencontainers.image.created", "2025-02-01T00:00:00Z")),
                Config.empty(), LocalPath.of(blob, LARGE_MEDIA_TYPE));
        String firstDigest = first.getDescriptor().getDigest();
        Manifest second = registry.pushArtifact(ref.withTag("second"), ArtifactType.from(ARTIFACT_TYPE),
                Annotations.ofManifest(Map.of("org.opencontainers.image.created", "2025-02-02T00:00:00Z")),
                Config.empty(), LocalPath.of(blob, LARGE_MEDIA_TYPE));
        String secondDigest = second.getDescriptor().getDigest();
        assertNotEquals(firstDigest, secondDigest);

        assertEquals(List.of("first", "second"), registry.getTags(ref).tags().stream().sorted().toList());
        assertEquals(firstDigest, registry.getManifest(ref.withTag("first")).getDescriptor().getDigest());
        assertEquals(secondDigest, registry.getManifest(ref.withDigest(secondDigest)).getDescriptor().getDigest());
        assertEquals(firstDigest, registry.probeDescriptor(ref.withTag("first")).getDigest());
    }

    /**
     * Filtering the referrers on an artifactType nothing has: a registry that filters says so in
     * {@code OCI-Filters-Applied} and returns nothing; one that does not must return the unfiltered list.
     */
    private static void assertReferrersFilterOnOtherType(String digest) throws Exception {
        URI uri = server.baseUri().resolve("/v2/e2e/oras/bundle/referrers/" + digest
                + "?artifactType=application%2Fvnd.packyard.e2e.nothing");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/vnd.oci.image.index.v1+json",
                response.headers().firstValue("Content-Type").orElse(null));
        JsonNode index = JSON.readTree(response.body());
        boolean filtered = response.headers().firstValue("OCI-Filters-Applied").orElse("").contains("artifactType");
        assertEquals(filtered ? 0 : 1, index.path("manifests").size(), index::toPrettyString);
    }

    private static HttpResponse<byte[]> getManifest(String repository, String reference) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", MANIFEST_MEDIA_TYPE)
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertLayer(JsonNode layer, Path file, String mediaType) throws IOException {
        assertEquals(mediaType, layer.path("mediaType").asText());
        assertEquals(Blobs.sha256(file), layer.path("digest").asText());
        assertEquals(Files.size(file), layer.path("size").asLong());
        assertEquals(file.getFileName().toString(),
                layer.path("annotations").path("org.opencontainers.image.title").asText());
    }

    private static void assertSameFile(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), () -> actual + " was not pulled");
        assertEquals(-1L, Files.mismatch(expected, actual), () -> actual + " differs from " + expected);
    }

    private static List<String> digests(Referrers referrers) {
        List<String> digests = new ArrayList<>();
        referrers.getManifests().forEach(m -> digests.add(m.getDigest()));
        return digests;
    }
}
