package dev.packyard.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.e2e.RegistryProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies hand-built OCI image layouts into Packyard and back out with the {@code skopeo} binary, and checks that
 * nothing changed on the way: the same manifest digest, byte-identical manifests and blobs.
 */
class SkopeoTest {

    private static final String SKOPEO = "/usr/bin/skopeo";
    private static final Duration SKOPEO_TIMEOUT = Duration.ofMinutes(3);

    private static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static HttpClient http;
    private static Path skopeoHome;

    @BeforeAll
    static void startServer() throws IOException {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        // skopeo sees only this: no user or system registries, auth or policy configuration leaks in
        skopeoHome = Files.createDirectories(tmp.resolve("skopeo-home"));
        Files.createDirectories(skopeoHome.resolve("run"));
        Files.createDirectories(skopeoHome.resolve("registries.d"));
        Files.createDirectories(skopeoHome.resolve("tmp"));
        Files.writeString(skopeoHome.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        Files.writeString(skopeoHome.resolve("registries.conf"), "unqualified-search-registries = []\n");
        Files.writeString(skopeoHome.resolve("auth.json"), "{\"auths\":{}}");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void copiesAnImageLayoutInAndOutUnchanged() throws Exception {
        Path source = tmp.resolve("single-src");
        Image image = writeImage(source, "amd64", 1, 2);
        writeIndexJson(source, image.manifest(), "v1", null);

        String remote = "docker://" + server.hostPort() + "/e2e/skopeo/single:v1";
        Path digestFile = tmp.resolve("single.digest");
        skopeo("copy", "--dest-tls-verify=false", "--preserve-digests", "--digestfile", digestFile.toString(),
                "oci:" + source + ":v1", remote);
        assertEquals(image.manifest().digest(), Files.readString(digestFile).strip(),
                "skopeo reports another digest for the pushed image");

        // what the registry serves: the very manifest bytes of the layout
        HttpResponse<byte[]> manifest = get("/v2/e2e/skopeo/single/manifests/v1", MANIFEST_MEDIA_TYPE);
        assertEquals(200, manifest.statusCode());
        assertArrayEquals(image.manifest().bytes(), manifest.body(), "the registry serves other manifest bytes");
        assertEquals(image.manifest().digest(), manifest.headers().firstValue("Docker-Content-Digest").orElse(null));
        for (Blob blob : image.blobs()) {
            HttpResponse<byte[]> served = get("/v2/e2e/skopeo/single/blobs/" + blob.digest(), "*/*");
            assertEquals(200, served.statusCode(), blob.digest());
            assertArrayEquals(blob.bytes(), served.body(), "blob " + blob.digest());
        }

        // skopeo inspect: parsed, raw, and config
        JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false", remote));
        assertEquals(image.manifest().digest(), inspected.path("Digest").asText(), inspected::toPrettyString);
        assertEquals("amd64", inspected.path("Architecture").asText());
        assertEquals("linux", inspected.path("Os").asText());
        assertEquals(List.of(image.layers().get(0).digest(), image.layers().get(1).digest()),
                texts(inspected.path("Layers")));
        assertEquals(List.of("v1"), texts(inspected.path("RepoTags")));
        assertEquals("skopeo e2e", inspected.path("Labels").path("org.opencontainers.image.title").asText(),
                inspected::toPrettyString);
        assertArrayEquals(image.manifest().bytes(),
                skopeo("inspect", "--tls-verify=false", "--raw", remote).getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(image.config().bytes(),
                skopeo("inspect", "--tls-verify=false", "--config", "--raw", remote).getBytes(StandardCharsets.UTF_8));
        JsonNode tags = JSON.readTree(skopeo("list-tags", "--tls-verify=false",
                "docker://" + server.hostPort() + "/e2e/skopeo/single"));
        assertEquals(List.of("v1"), texts(tags.path("Tags")));

        // and back into a fresh layout
        Path copy = tmp.resolve("single-copy");
        skopeo("copy", "--src-tls-verify=false", "--preserve-digests", remote, "oci:" + copy + ":v1");
        assertSameLayoutContent(source, copy, "v1", image.manifest().digest());
    }

    @Test
    void copiesAMultiArchIndexWithAll() throws Exception {
        Path source = tmp.resolve("multi-src");
        Image amd64 = writeImage(source, "amd64", 11, 1);
        Image arm64 = writeImage(source, "arm64", 12, 2);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode manifests = index.putArray("manifests");
        manifests.add(platformDescriptor(amd64, "amd64"));
        manifests.add(platformDescriptor(arm64, "arm64"));
        index.putObject("annotations").put("org.opencontainers.image.description", "skopeo e2e multi-arch");
        Blob indexBlob = writeBlob(source, JSON.writeValueAsBytes(index));
        writeIndexJson(source, indexBlob, "multi", INDEX_MEDIA_TYPE);

        String remote = "docker://" + server.hostPort() + "/e2e/skopeo/multi:v1";
        skopeo("copy", "--all", "--dest-tls-verify=false", "--preserve-digests", "oci:" + source + ":multi", remote);

        HttpResponse<byte[]> served = get("/v2/e2e/skopeo/multi/manifests/v1", INDEX_MEDIA_TYPE + ", " + MANIFEST_MEDIA_TYPE);
        assertEquals(200, served.statusCode());
        assertEquals(INDEX_MEDIA_TYPE, served.headers().firstValue("Content-Type").orElse(null));
        assertArrayEquals(indexBlob.bytes(), served.body(), "the registry serves other index bytes");
        assertEquals(indexBlob.digest(), served.headers().firstValue("Docker-Content-Digest").orElse(null));
        for (Image image : List.of(amd64, arm64)) {
            HttpResponse<byte[]> child = get("/v2/e2e/skopeo/multi/manifests/" + image.manifest().digest(), MANIFEST_MEDIA_TYPE);
            assertEquals(200, child.statusCode(), image.manifest().digest());
            assertArrayEquals(image.manifest().bytes(), child.body());
        }

        assertArrayEquals(indexBlob.bytes(),
                skopeo("inspect", "--tls-verify=false", "--raw", remote).getBytes(StandardCharsets.UTF_8));
        for (Image image : List.of(amd64, arm64)) {
            JsonNode inspected = JSON.readTree(skopeo("--override-os", "linux", "--override-arch", image.arch(),
                    "inspect", "--tls-verify=false", remote));
            // skopeo reports the digest of what the tag names (the index), and the platform image's details
            assertEquals(indexBlob.digest(), inspected.path("Digest").asText(), inspected::toPrettyString);
            assertEquals(image.arch(), inspected.path("Architecture").asText(), inspected::toPrettyString);
            assertEquals(texts(JSON.valueToTree(image.layers().stream().map(Blob::digest).toList())),
                    texts(inspected.path("Layers")));
        }

        Path copy = tmp.resolve("multi-copy");
        skopeo("copy", "--all", "--src-tls-verify=false", "--preserve-digests", remote, "oci:" + copy + ":multi");
        assertSameLayoutContent(source, copy, "multi", indexBlob.digest());
    }

    // ---------------------------------------------------------------------------------------------------------
    // skopeo

    private static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SKOPEO,
                "--policy", skopeoHome.resolve("policy.json").toString(),
                "--registries.d", skopeoHome.resolve("registries.d").toString(),
                "--tmpdir", skopeoHome.resolve("tmp").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", skopeoHome.toString());
        env.put("XDG_RUNTIME_DIR", skopeoHome.resolve("run").toString());
        env.put("XDG_CONFIG_HOME", skopeoHome.resolve("config").toString());
        env.put("CONTAINERS_REGISTRIES_CONF", skopeoHome.resolve("registries.conf").toString());
        env.put("REGISTRY_AUTH_FILE", skopeoHome.resolve("auth.json").toString());
        Path stdout = Files.createTempFile(tmp, "skopeo", ".out");
        Path stderr = Files.createTempFile(tmp, "skopeo", ".err");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(SKOPEO_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(stdout);
        String err = Files.readString(stderr);
        String report = String.join(" ", command) + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err
                + "\n" + Blobs.logTail(server.log());
        if (!finished) {
            fail("skopeo did not finish within " + SKOPEO_TIMEOUT + ":\n" + report);
        }
        assertEquals(0, process.exitValue(), () -> "skopeo failed:\n" + report);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // OCI image layouts, by hand

    record Blob(String digest, byte[] bytes) {
        String hex() {
            return Blobs.hex(digest);
        }
    }

    record Image(String arch, Blob manifest, Blob config, List<Blob> layers) {
        List<Blob> blobs() {
            List<Blob> all = new ArrayList<>(layers);
            all.add(config);
            return all;
        }
    }

    /** Writes an image of {@code layerCount} gzip'd tar layers, its config and manifest into {@code layout}'s blobs. */
    private static Image writeImage(Path layout, String arch, long seed, int layerCount) throws IOException {
        List<Blob> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            Map<String, byte[]> files = new TreeMap<>();
            files.put("packyard/" + arch + "/layer-" + i + "/hello.txt",
                    ("hello from " + arch + " layer " + i + "\n").getBytes(StandardCharsets.UTF_8));
            files.put("packyard/" + arch + "/layer-" + i + "/data.bin", Blobs.random(seed * 100 + i, 300_000 + i * 1000));
            byte[] tar = tar(files);
            diffIds.add(Blobs.sha256(tar));
            layers.add(writeBlob(layout, gzip(tar)));
        }

        ObjectNode config = JSON.createObjectNode();
        config.put("created", "2025-01-01T00:00:00Z");
        config.put("architecture", arch);
        config.put("os", "linux");
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Env").add("PATH=/usr/local/bin:/usr/bin:/bin");
        runtime.putArray("Cmd").add("/bin/true");
        runtime.putObject("Labels").put("org.opencontainers.image.title", "skopeo e2e");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        ArrayNode history = config.putArray("history");
        for (int i = 0; i < layerCount; i++) {
            history.addObject().put("created", "2025-01-01T00:00:00Z").put("created_by", "SkopeoTest layer " + i);
        }
        Blob configBlob = writeBlob(layout, JSON.writeValueAsBytes(config));

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
        manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, configBlob));
        ArrayNode layerArray = manifest.putArray("layers");
        layers.forEach(layer -> layerArray.add(descriptor(LAYER_MEDIA_TYPE, layer)));
        manifest.putObject("annotations").put("org.opencontainers.image.description", "skopeo e2e " + arch);
        Blob manifestBlob = writeBlob(layout, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        return new Image(arch, manifestBlob, configBlob, layers);
    }

    private static ObjectNode descriptor(String mediaType, Blob blob) {
        ObjectNode descriptor = JSON.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", blob.digest());
        descriptor.put("size", blob.bytes().length);
        return descriptor;
    }

    private static ObjectNode platformDescriptor(Image image, String arch) {
        ObjectNode descriptor = descriptor(MANIFEST_MEDIA_TYPE, image.manifest());
        descriptor.putObject("platform").put("architecture", arch).put("os", "linux");
        return descriptor;
    }

    private static Blob writeBlob(Path layout, byte[] bytes) throws IOException {
        Blob blob = new Blob(Blobs.sha256(bytes), bytes);
        Path file = layout.resolve("blobs/sha256/" + blob.hex());
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return blob;
    }

    /** Writes {@code oci-layout} and an {@code index.json} naming {@code target} as {@code refName}. */
    private static void writeIndexJson(Path layout, Blob target, String refName, String mediaType) throws IOException {
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX_MEDIA_TYPE);
        ObjectNode descriptor = descriptor(mediaType == null ? MANIFEST_MEDIA_TYPE : mediaType, target);
        descriptor.putObject("annotations").put(REF_NAME, refName);
        index.putArray("manifests").add(descriptor);
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    /** A ustar archive of regular files (with their parent directories), deterministic to the byte. */
    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> directories = new ArrayList<>();
        for (String name : files.keySet()) {
            String[] parts = name.split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(parts[i]).append('/');
                if (!directories.contains(dir.toString())) {
                    directories.add(dir.toString());
                    out.write(tarHeader(dir.toString(), 0, '5', 0755));
                }
            }
            byte[] content = files.get(name);
            out.write(tarHeader(name, content.length, '0', 0644));
            out.write(content);
            out.write(new byte[(512 - content.length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] tarHeader(String name, long size, char type, int mode) {
        byte[] header = new byte[512];
        put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        put(header, 100, 8, octal(mode, 7));
        put(header, 108, 8, octal(0, 7));
        put(header, 116, 8, octal(0, 7));
        put(header, 124, 12, octal(size, 11));
        put(header, 136, 12, octal(1_735_689_600L, 11));
        header[156] = (byte) type;
        put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(header, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
        put(header, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, (String.format("%06o", sum) + "\0 ").getBytes(StandardCharsets.US_ASCII));
        return header;
    }

    private static byte[] octal(long value, int digits) {
        return (String.format("%0" + digits + "o", value) + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("tar header field too long");
        }
        System.arraycopy(value, 0, header, offset, value.length);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------
    // checks

    /**
     * The copy's {@code index.json} names {@code digest} as {@code refName}, and the copy holds exactly the blobs of the
     * source, byte for byte.
     */
    private static void assertSameLayoutContent(Path source, Path copy, String refName, String digest) throws IOException {
        JsonNode index = JSON.readTree(copy.resolve("index.json").toFile());
        List<String> named = new ArrayList<>();
        for (JsonNode descriptor : index.path("manifests")) {
            if (refName.equals(descriptor.path("annotations").path(REF_NAME).asText())) {
                named.add(descriptor.path("digest").asText());
            }
        }
        assertEquals(List.of(digest), named, () -> "index.json of the copy: " + index.toPrettyString());

        Map<String, Path> expected = blobFiles(source);
        Map<String, Path> actual = blobFiles(copy);
        assertEquals(expected.keySet(), actual.keySet(), "the copy holds other blobs than the source");
        for (Map.Entry<String, Path> blob : expected.entrySet()) {
            Path copied = actual.get(blob.getKey());
            assertEquals(-1L, Files.mismatch(blob.getValue(), copied), () -> "blob " + blob.getKey() + " differs");
            assertEquals("sha256:" + blob.getKey(), Blobs.sha256(copied));
        }
    }

    private static Map<String, Path> blobFiles(Path layout) throws IOException {
        Map<String, Path> blobs = new TreeMap<>();
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            files.forEach(file -> blobs.put(file.getFileName().toString(), file));
        }
        assertTrue(!blobs.isEmpty(), "no blobs in " + layout);
        return blobs;
    }

    private static HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Accept", accept).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
