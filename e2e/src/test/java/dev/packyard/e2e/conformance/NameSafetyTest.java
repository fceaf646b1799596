package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Path safety: repository names, references, digests and upload session ids that try to leave the data directory
 * ({@code ..}, {@code %2F}-encoded slashes, {@code %00}, absolute-looking paths, backslashes) or break the name
 * grammar (uppercase) are refused with 400 (NAME_INVALID for names) or 404, never a 2xx or a 5xx; afterwards the
 * server still works, nothing was written outside its data directory, and canary files planted beside the data
 * directory survive deletes aimed at them. Every hostile path carries a random marker so a file it might have created
 * can be searched for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@DisplayName("Path safety")
class NameSafetyTest extends RegistryTestSupport {

    private static final String SAFE = "safe/repo";
    private static final String MARKER = "pwned" + TestData.randomLower(10);

    /** Files planted beside the data directory, which no request may remove or change. */
    private static final String CANARY = "canary.txt";
    private static final String CANARY_DIR = "canary";
    private static final String MARKER_CONTENT = "must survive";

    private static final Content CONFIG = TestData.config();
    private static final Content MANIFEST = TestData.ginkgoManifest(CONFIG);
    private static final Content BLOB = Content.blob(("marker " + MARKER).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** Repository names that must be refused. */
    static List<String> hostileNames() {
        String m = MARKER;
        return List.of(
                "..%2F..%2F" + m,
                "safe%2F..%2F..%2F..%2F" + m,
                "safe/../../../" + m,
                "safe/%2E%2E/%2E%2E/%2E%2E/" + m,
                "%2E%2E%2F%2E%2E%2F" + m,
                "%2Ftmp%2F" + m,
                "/tmp/" + m,
                m + "%00evil",
                m + "%2500",
                m + "%5C..%5C..%5C" + m,
                "safe/" + m + "/..%2F..%2F..%2F..%2F" + m,
                "Safe/" + m.toUpperCase(),
                m.toUpperCase());
    }

    /** Manifest references (tags or digests) that must be refused. */
    static List<String> hostileReferences() {
        String m = MARKER;
        return List.of("..", "%2E%2E", "..%2F..%2F..%2F" + m, "%2E%2E%2F%2E%2E%2F" + m, m + "%00",
                "%2Ftmp%2F" + m, "sha256:..%2F..%2F" + m, "sha256%3A..%2F..%2F" + m, "..%5C..%5C" + m);
    }

    /** Blob digests that must be refused. */
    static List<String> hostileDigests() {
        String m = MARKER;
        return List.of("sha256:..%2F..%2F..%2F" + m, "..%2F..%2F" + m, "sha256:%2E%2E", "%2E%2E",
                "sha256:" + m + "%00", "sha512:..%5C..%5C" + m);
    }

    /** Upload session ids that must be refused. */
    static List<String> hostileSessions() {
        String m = MARKER;
        return List.of("..%2F..%2F" + m, "%2E%2E", "..", m + "%00", "%2Ftmp%2F" + m, "..%5C" + m);
    }

    /** Fails on 2xx or 5xx; a 400 or 404 passes, and a JSON 400 for a name must say NAME_INVALID. */
    private static void assertRefused(Response response, boolean name) {
        assertTrue(response.status() == 400 || response.status() == 404,
                () -> "hostile request must be refused with 400 or 404: " + response.describe());
        if (response.isJson()) {
            List<String> codes = response.errorCodes();
            if (name && response.status() == 400) {
                assertTrue(codes.contains("NAME_INVALID"), () -> "400 for a name must be NAME_INVALID: "
                        + response.describe());
            }
        }
    }

    @Test
    @Order(0)
    void plantCanariesOutsideTheDataDirectory() throws IOException {
        Files.writeString(tempRoot.resolve(CANARY), MARKER_CONTENT);
        Files.createDirectories(tempRoot.resolve(CANARY_DIR));
        Files.writeString(tempRoot.resolve(CANARY_DIR).resolve(CANARY), MARKER_CONTENT);
        assertTrue(Files.isRegularFile(tempRoot.resolve(CANARY)));
    }

    @Test
    @Order(1)
    void aSafeRepositoryWorks() {
        oci.pushBlob(SAFE, CONFIG);
        oci.pushBlob(SAFE, TestData.LAYER);
        oci.pushManifest(SAFE, "latest", MANIFEST);
        oci.assertManifest(SAFE, "latest", MANIFEST);
    }

    @ParameterizedTest(name = "name {0}")
    @MethodSource("hostileNames")
    @Order(2)
    void hostileRepositoryNamesAreRefused(String name) {
        String base = "/v2/" + name;
        assertRefused(oci.get(base + "/tags/list"), true);
        assertRefused(oci.getManifest(name, "latest"), true);
        assertRefused(oci.headManifest(name, "latest"), true);
        assertRefused(oci.put(base + "/manifests/latest", MANIFEST.bytes(), "Content-Type", TestData.OCI_MANIFEST), true);
        assertRefused(oci.delete(base + "/manifests/latest"), true);
        assertRefused(oci.post(base + "/blobs/uploads/", new byte[0]), true);
        assertRefused(oci.post(OciClient.withQuery(base + "/blobs/uploads/", "digest", BLOB.digest()), BLOB.bytes(),
                "Content-Type", Content.OCTET_STREAM), true);
        assertRefused(oci.post(OciClient.withQuery(OciClient.withQuery(base + "/blobs/uploads/", "mount",
                CONFIG.digest()), "from", SAFE), new byte[0]), true);
        assertRefused(oci.get(base + "/blobs/" + CONFIG.digest()), true);
        assertRefused(oci.get(base + "/referrers/" + MANIFEST.digest()), true);
    }

    @Test
    @Order(3)
    void uppercaseNamesGiveNameInvalid() {
        oci.putManifest("Safe/Repo", "latest", MANIFEST).expectError(400, "NAME_INVALID");
        oci.post(OciClient.uploadsPath("SAFE"), new byte[0]).expectError(400, "NAME_INVALID");
        oci.getManifest("safe/Repo", "latest").expectError(400, "NAME_INVALID");
    }

    @ParameterizedTest(name = "reference {0}")
    @MethodSource("hostileReferences")
    @Order(4)
    void hostileManifestReferencesAreRefused(String reference) {
        String path = "/v2/" + SAFE + "/manifests/" + reference;
        assertRefused(oci.get(path, "Accept", TestData.OCI_MANIFEST), false);
        assertRefused(oci.head(path, "Accept", TestData.OCI_MANIFEST), false);
        assertRefused(oci.put(path, MANIFEST.bytes(), "Content-Type", TestData.OCI_MANIFEST), false);
        assertRefused(oci.delete(path), false);
    }

    @ParameterizedTest(name = "digest {0}")
    @MethodSource("hostileDigests")
    @Order(5)
    void hostileBlobDigestsAreRefused(String digest) {
        String path = "/v2/" + SAFE + "/blobs/" + digest;
        assertRefused(oci.get(path), false);
        assertRefused(oci.head(path), false);
        assertRefused(oci.delete(path), false);
        assertRefused(oci.get("/v2/" + SAFE + "/referrers/" + digest), false);
        String decoded = java.net.URLDecoder.decode(digest, java.nio.charset.StandardCharsets.UTF_8);
        Response session = oci.startUpload(SAFE);
        assertRefused(oci.put(OciClient.withQuery(session.location(), "digest", decoded), BLOB.bytes(),
                "Content-Type", Content.OCTET_STREAM), false);
        assertRefused(oci.post(OciClient.withQuery(OciClient.uploadsPath(SAFE), "digest", decoded), BLOB.bytes(),
                "Content-Type", Content.OCTET_STREAM), false);
        Response mount = oci.post(OciClient.withQuery(OciClient.uploadsPath(SAFE), "mount", decoded), new byte[0]);
        assertTrue(mount.status() == 202 || mount.status() == 400 || mount.status() == 404,
                () -> "a mount of a hostile digest must not succeed: " + mount.describe());
    }

    @ParameterizedTest(name = "session {0}")
    @MethodSource("hostileSessions")
    @Order(6)
    void hostileUploadSessionIdsAreRefused(String session) {
        String path = "/v2/" + SAFE + "/blobs/uploads/" + session;
        assertRefused(oci.get(path), false);
        assertRefused(oci.patch(path, BLOB.bytes(), "Content-Type", Content.OCTET_STREAM), false);
        assertRefused(oci.put(OciClient.withQuery(path, "digest", BLOB.digest()), BLOB.bytes(),
                "Content-Type", Content.OCTET_STREAM), false);
        assertRefused(oci.delete(path), false);
    }

    @Test
    @Order(7)
    void hostileMountSourceIsRefusedOrIgnored() {
        Response mount = oci.post(OciClient.withQuery(OciClient.withQuery(OciClient.uploadsPath("other/repo"),
                "mount", CONFIG.digest()), "from", "..%2F..%2F" + MARKER), new byte[0]);
        assertTrue(mount.status() == 202 || mount.status() == 400 || mount.status() == 404,
                () -> "a mount from a hostile name must not succeed: " + mount.describe());
    }

    @Test
    @Order(8)
    void hostileDeletesDoNotReachOutsideTheDataDirectory() {
        for (int depth = 1; depth <= 8; depth++) {
            for (String target : List.of(CANARY, CANARY_DIR, CANARY_DIR + "%2F" + CANARY)) {
                String encoded = "..%2F".repeat(depth) + target;
                String raw = "../".repeat(depth) + target;
                assertRefused(oci.delete("/v2/" + encoded + "/manifests/latest"), true);
                assertRefused(oci.delete("/v2/safe/" + encoded + "/manifests/latest"), true);
                assertRefused(oci.delete("/v2/" + SAFE + "/manifests/" + encoded), false);
                assertRefused(oci.delete("/v2/" + SAFE + "/blobs/sha256:" + encoded), false);
                assertRefused(oci.delete("/v2/" + SAFE + "/blobs/" + encoded), false);
                assertRefused(oci.delete("/v2/" + SAFE + "/blobs/uploads/" + encoded), false);
                assertRefused(oci.delete("/v2/" + SAFE + "/blobs/uploads/" + raw), false);
                assertRefused(oci.delete("/v2/" + SAFE + "/manifests/" + raw), false);
            }
        }
        String absolute = tempRoot.resolve(CANARY_DIR).toString().replace("/", "%2F");
        assertRefused(oci.delete("/v2/" + absolute + "/manifests/latest"), true);
        assertRefused(oci.delete("/v2/" + SAFE + "/manifests/" + absolute), false);
        assertRefused(oci.delete("/v2/" + SAFE + "/blobs/uploads/" + absolute), false);
        assertTrue(Files.isRegularFile(tempRoot.resolve(CANARY)), "canary beside the data directory was removed");
        assertTrue(Files.isRegularFile(tempRoot.resolve(CANARY_DIR).resolve(CANARY)),
                "canary directory beside the data directory was removed");
    }

    @Test
    @Order(10)
    void theServerStillWorksAfterwards() {
        oci.get("/v2/").expectStatus(200);
        oci.assertManifest(SAFE, "latest", MANIFEST);
        oci.assertBlobExists(SAFE, CONFIG);
        oci.headBlob(SAFE, BLOB.digest()).expectStatus(404);
        Response catalog = oci.get("/v2/_catalog").expectStatus(200);
        assertEquals(List.of(SAFE), ContentDiscoveryTest.texts(catalog.json().path("repositories")),
                "no repository was created under a hostile name");
    }

    @Test
    @Order(11)
    void nothingWasWrittenOutsideTheDataDirectory() throws IOException {
        assertEquals(MARKER_CONTENT, Files.readString(tempRoot.resolve(CANARY)), "canary intact");
        assertEquals(MARKER_CONTENT, Files.readString(tempRoot.resolve(CANARY_DIR).resolve(CANARY)), "canary intact");
        Files.delete(tempRoot.resolve(CANARY_DIR).resolve(CANARY));
        Files.delete(tempRoot.resolve(CANARY_DIR));
        Files.delete(tempRoot.resolve(CANARY));
        Set<String> rootEntries;
        try (Stream<Path> entries = Files.list(tempRoot)) {
            rootEntries = entries.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("data", "data-server.log"), rootEntries,
                "the temporary root holds only the data directory and the server log");

        List<Path> found = new ArrayList<>();
        found.addAll(findMarker(tempRoot, 64));
        found.addAll(findMarker(tempRoot.getParent(), 3));
        found.addAll(findMarker(Path.of("").toAbsolutePath(), 4));
        found.addAll(findMarker(Path.of("/"), 1));
        assertEquals(List.of(), found, "files named after a hostile request exist");
    }

    /** Paths under {@code root} (down to {@code depth}) whose name contains the marker; unreadable parts are skipped. */
    private static List<Path> findMarker(Path root, int depth) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                check(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                check(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                check(file);
                return FileVisitResult.CONTINUE;
            }

            private void check(Path path) {
                if (path.getFileName() != null && path.getFileName().toString().toLowerCase().contains(MARKER)) {
                    found.add(path);
                }
            }
        });
        return found;
    }
}
