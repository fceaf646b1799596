package dev.packyard.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.e2e.RegistryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the server with SIGKILL while blob uploads and manifest pushes are in flight, restarts it on the same data
 * directory, and checks that whatever was acknowledged (201) survived intact, that whatever was not is either absent
 * or complete and correct (never a partial or wrong body), and that the unfinished pushes can simply be redone.
 */
class CrashSafetyTest {

    private static final int UPLOADS = 20;
    private static final int MIB = 1024 * 1024;
    private static final String[] REPOSITORIES = {"e2e/crash/one", "e2e/crash/two"};
    private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.packyard.e2e.crash.config.v1+json";
    private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    enum Mode {
        /** {@code POST /blobs/uploads/?digest=} with the whole blob. */
        MONOLITHIC_POST,
        /** {@code POST /blobs/uploads/}, then {@code PUT <location>?digest=} with the whole blob. */
        POST_THEN_PUT,
        /** {@code POST}, {@code PATCH} chunks of 1 MiB with {@code Content-Range}, then an empty {@code PUT ?digest=}. */
        CHUNKED
    }

    record Upload(int index, String repository, Mode mode, byte[] data, String digest) {
    }

    record Push(int index, String repository, String tag, byte[] manifest, String digest) {
    }

    /** What a client saw for one request: the final status, or the exception that ended it. */
    record Outcome(int status, String failure, String digest) {
        Outcome(int status, String failure) {
            this(status, failure, null);
        }

        boolean acknowledged() {
            return status == 201;
        }

        @Override
        public String toString() {
            return failure == null ? Integer.toString(status) : failure;
        }
    }

    @ParameterizedTest(name = "SIGKILL after {0} acknowledged requests")
    @ValueSource(ints = {1, 5, 12})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void acknowledgedPushesSurviveKill9(int killAfter) throws Exception {
        long seed = 20_250_101L + killAfter;
        List<Upload> uploads = plannedUploads(seed);
        List<AtomicReference<URI>> sessions = new ArrayList<>();
        uploads.forEach(upload -> sessions.add(new AtomicReference<>()));
        RegistryProcess server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        try {
            // ---- blobs: 20 concurrent uploads, killed mid-flight
            List<Outcome> blobOutcomes = runAndKill(server, killAfter, uploads.size(), 30,
                    (client, i, abort) -> upload(client, server.baseUri(), uploads.get(i), abort, true, sessions.get(i)));
            int ackedBlobs = count(blobOutcomes);
            assertTrue(ackedBlobs >= killAfter, "only " + ackedBlobs + " uploads acknowledged: " + blobOutcomes);
            assertTrue(ackedBlobs < UPLOADS, "the kill came too late to interrupt any upload: " + blobOutcomes);

            server.restart();
            HttpClient client = newClient();
            int survivedUnacked = 0;
            for (Upload upload : uploads) {
                Outcome outcome = blobOutcomes.get(upload.index());
                String context = "blob upload #" + upload.index() + " (" + upload.mode() + ", " + upload.data().length
                        + " bytes, " + upload.digest() + ") ended with " + outcome + " before the kill";
                boolean present = assertBlobIntactOrAbsent(client, server, upload, !outcome.acknowledged(), context);
                if (present && !outcome.acknowledged()) {
                    survivedUnacked++;
                }
            }
            System.out.printf("kill after %d: %d/%d blob uploads acknowledged, %d more present after restart: %s%n",
                    killAfter, ackedBlobs, UPLOADS, survivedUnacked, blobOutcomes);

            // an upload session that outlived the crash may be resumed, but must then complete correctly
            int resumed = 0;
            for (Upload upload : uploads) {
                URI session = sessions.get(upload.index()).get();
                if (!blobOutcomes.get(upload.index()).acknowledged() && session != null) {
                    if (resume(client, server, upload, session)) {
                        resumed++;
                    }
                }
            }
            System.out.printf("kill after %d: %d upload sessions resumed after the restart%n", killAfter, resumed);

            // the unfinished uploads are simply pushed again, the same way
            for (Upload upload : uploads) {
                if (!blobOutcomes.get(upload.index()).acknowledged()) {
                    Outcome again = upload(client, server.baseUri(), upload, new AtomicBoolean(), false, new AtomicReference<>());
                    assertEquals(201, again.status(), () -> "pushing blob #" + upload.index() + " (" + upload.mode()
                            + ") again after the restart: " + again + "\n" + Blobs.logTail(server.log()));
                    assertBlobIntactOrAbsent(client, server, upload, false, "blob #" + upload.index() + " pushed again");
                }
            }

            // ---- manifests referencing those blobs: 20 concurrent pushes, killed mid-flight
            byte[] config = ("{\"round\":" + killAfter + "}").getBytes(StandardCharsets.UTF_8);
            for (String repository : REPOSITORIES) {
                Upload configUpload = new Upload(-1, repository, Mode.MONOLITHIC_POST, config, Blobs.sha256(config));
                assertEquals(201, upload(client, server.baseUri(), configUpload, new AtomicBoolean(), false,
                        new AtomicReference<>()).status());
            }
            // every tag first names an older manifest, so the pushes under the kill overwrite tags
            List<Push> previous = plannedPushes(uploads, config, killAfter, "previous");
            for (Push push : previous) {
                Outcome pushed = putManifest(client, server.baseUri(), push, new AtomicBoolean(), false);
                assertEquals(201, pushed.status(), () -> "pushing " + push.tag() + ": " + pushed);
            }
            List<Push> pushes = plannedPushes(uploads, config, killAfter, "current");
            List<Outcome> manifestOutcomes = runAndKill(server, killAfter, pushes.size(), 100,
                    (c, i, abort) -> putManifest(c, server.baseUri(), pushes.get(i), abort, true));
            int ackedManifests = count(manifestOutcomes);
            for (Push push : pushes) {
                Outcome outcome = manifestOutcomes.get(push.index());
                if (outcome.acknowledged()) {
                    assertEquals(push.digest(), outcome.digest(), "Docker-Content-Digest of manifest push #" + push.index());
                }
            }
            assertTrue(ackedManifests >= killAfter, "only " + ackedManifests + " pushes acknowledged: " + manifestOutcomes);
            assertTrue(ackedManifests < pushes.size(), "the kill came too late to interrupt any push: " + manifestOutcomes);

            server.restart();
            client = newClient();
            int survivedUnackedManifests = 0;
            for (Push push : pushes) {
                Outcome outcome = manifestOutcomes.get(push.index());
                String context = "manifest push #" + push.index() + " (" + push.repository() + ":" + push.tag() + ", "
                        + push.digest() + ") ended with " + outcome + " before the kill";
                // acknowledged: the tag names the new manifest; otherwise the old or the new one, never nothing
                Push tagged = assertManifestServed(client, server, push.repository(), push.tag(),
                        outcome.acknowledged() ? List.of(push) : List.of(push, previous.get(push.index())), false, context);
                assertManifestServed(client, server, push.repository(), push.digest(), List.of(push),
                        !outcome.acknowledged() && tagged != push, context);
                if (!outcome.acknowledged() && tagged == push) {
                    survivedUnackedManifests++;
                }
            }
            System.out.printf("kill after %d: %d/%d manifest pushes acknowledged, %d more present after restart: %s%n",
                    killAfter, ackedManifests, pushes.size(), survivedUnackedManifests, manifestOutcomes);

            // the blobs, all acknowledged before this second kill, are still intact
            for (Upload upload : uploads) {
                assertBlobIntactOrAbsent(client, server, upload, false, "blob #" + upload.index() + " after the second kill");
            }

            for (Push push : pushes) {
                if (!manifestOutcomes.get(push.index()).acknowledged()) {
                    Outcome again = putManifest(client, server.baseUri(), push, new AtomicBoolean(), false);
                    assertEquals(201, again.status(), () -> "pushing manifest #" + push.index() + " again after the restart: "
                            + again + "\n" + Blobs.logTail(server.log()));
                    assertEquals(push.digest(), again.digest(), "Docker-Content-Digest of manifest push #" + push.index());
                }
            }
            for (Push push : pushes) {
                for (String reference : List.of(push.tag(), push.digest())) {
                    assertManifestServed(client, server, push.repository(), reference, List.of(push), false,
                            "manifest #" + push.index() + " at the end");
                }
            }
            for (String repository : REPOSITORIES) {
                HttpResponse<byte[]> list = client.send(request(server.baseUri(), "/v2/" + repository + "/tags/list")
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, list.statusCode());
                TreeSet<String> tags = new TreeSet<>();
                JSON.readTree(list.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
                TreeSet<String> expected = new TreeSet<>();
                pushes.stream().filter(p -> p.repository().equals(repository)).forEach(p -> expected.add(p.tag()));
                assertEquals(expected, tags, "tags of " + repository);
            }
        } finally {
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the plan

    private static List<Upload> plannedUploads(long seed) {
        Random random = new Random(seed);
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            int size = MIB + random.nextInt(7 * MIB + 1);
            byte[] data = Blobs.random(random.nextLong(), size);
            uploads.add(new Upload(i, REPOSITORIES[i % REPOSITORIES.length], Mode.values()[i % Mode.values().length],
                    data, Blobs.sha256(data)));
        }
        return uploads;
    }

    private static List<Push> plannedPushes(List<Upload> uploads, byte[] config, int round, String generation)
            throws IOException {
        List<Push> pushes = new ArrayList<>();
        for (Upload upload : uploads) {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
            manifest.put("artifactType", "application/vnd.packyard.e2e.crash.v1");
            manifest.putObject("config").put("mediaType", CONFIG_MEDIA_TYPE)
                    .put("digest", Blobs.sha256(config)).put("size", config.length);
            manifest.putArray("layers").addObject().put("mediaType", LAYER_MEDIA_TYPE)
                    .put("digest", upload.digest()).put("size", upload.data().length);
            manifest.putObject("annotations")
                    .put("dev.packyard.e2e.round", Integer.toString(round))
                    .put("dev.packyard.e2e.push", Integer.toString(upload.index()))
                    .put("dev.packyard.e2e.generation", generation);
            byte[] bytes = JSON.writeValueAsBytes(manifest);
            pushes.add(new Push(upload.index(), upload.repository(), "m" + upload.index(), bytes, Blobs.sha256(bytes)));
        }
        return pushes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // running requests concurrently and killing the server under them

    @FunctionalInterface
    interface Task {
        Outcome run(HttpClient client, int index, AtomicBoolean abort) throws Exception;
    }

    /**
     * Starts {@code count} tasks on virtual threads, {@code staggerMillis} apart, SIGKILLs the server once
     * {@code killAfter} of them were acknowledged, and returns what each task saw.
     */
    private List<Outcome> runAndKill(RegistryProcess server, int killAfter, int count, long staggerMillis, Task task)
            throws InterruptedException {
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(count);
        CountDownLatch acknowledged = new CountDownLatch(killAfter);
        AtomicBoolean abort = new AtomicBoolean();
        AtomicInteger finished = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
            for (int i = 0; i < count; i++) {
                int index = i;
                threads.submit(() -> {
                    Outcome outcome;
                    try {
                        Thread.sleep(index * staggerMillis);
                        outcome = abort.get() ? new Outcome(-1, "not started: server already killed")
                                : task.run(client, index, abort);
                    } catch (Exception | AssertionError e) {
                        outcome = new Outcome(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    outcomes.set(index, outcome);
                    finished.incrementAndGet();
                    if (outcome.acknowledged()) {
                        acknowledged.countDown();
                    }
                    return null;
                });
            }
            if (!acknowledged.await(120, TimeUnit.SECONDS)) {
                fail(killAfter + " requests were not acknowledged within 120 s; outcomes so far: " + outcomes
                        + "\n" + Blobs.logTail(server.log()));
            }
            System.out.printf("killing the server %d ms after the first request started%n",
                    (System.nanoTime() - started) / 1_000_000);
            server.kill();
            abort.set(true);
        }
        List<Outcome> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(outcomes.get(i));
        }
        assertEquals(count, finished.get());
        return result;
    }

    private static int count(List<Outcome> outcomes) {
        return (int) outcomes.stream().filter(Outcome::acknowledged).count();
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // the OCI requests

    /** Uploads a blob the way {@code upload.mode()} says, keeping the upload session's latest location in {@code session}. */
    private static Outcome upload(HttpClient client, URI base, Upload upload, AtomicBoolean abort, boolean slow,
            AtomicReference<URI> session) throws IOException, InterruptedException {
        String uploads = "/v2/" + upload.repository() + "/blobs/uploads/";
        byte[] data = upload.data();
        if (upload.mode() == Mode.MONOLITHIC_POST) {
            HttpResponse<String> posted = client.send(request(base, uploads + "?digest=" + encode(upload.digest()))
                    .header("Content-Type", "application/octet-stream")
                    .POST(body(data, 0, data.length, abort, slow)).build(), HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() != 202) {
                return new Outcome(posted.statusCode(), posted.statusCode() == 201 ? null : posted.body());
            }
            // the registry declined the monolithic POST: finish with a PUT, as the spec allows
            return put(client, base, location(base, posted), upload, data, abort, slow);
        }
        HttpResponse<String> started = client.send(request(base, uploads)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            return new Outcome(started.statusCode(), "POST to start the upload: " + started.body());
        }
        URI location = location(base, started);
        session.set(location);
        if (upload.mode() == Mode.POST_THEN_PUT) {
            return put(client, base, location, upload, data, abort, slow);
        }
        for (int offset = 0; offset < data.length; offset += MIB) {
            int end = Math.min(data.length, offset + MIB);
            HttpResponse<String> patched = client.send(HttpRequest.newBuilder(location).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", offset + "-" + (end - 1))
                    .method("PATCH", body(data, offset, end, abort, slow)).build(), HttpResponse.BodyHandlers.ofString());
            if (patched.statusCode() != 202) {
                return new Outcome(patched.statusCode(), "PATCH " + offset + "-" + (end - 1) + ": " + patched.body());
            }
            location = location(base, patched);
            session.set(location);
        }
        return put(client, base, location, upload, new byte[0], abort, slow);
    }

    private static Outcome put(HttpClient client, URI base, URI location, Upload upload, byte[] data,
            AtomicBoolean abort, boolean slow) throws IOException, InterruptedException {
        String separator = location.getRawQuery() == null ? "?" : "&";
        URI target = URI.create(location + separator + "digest=" + encode(upload.digest()));
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(body(data, 0, data.length, abort, slow)).build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(put.statusCode(), put.statusCode() == 201 ? null : "PUT: " + put.body());
    }

    private static Outcome putManifest(HttpClient client, URI base, Push push, AtomicBoolean abort, boolean slow)
            throws IOException, InterruptedException {
        HttpResponse<String> put = client.send(request(base, "/v2/" + push.repository() + "/manifests/" + push.tag())
                .header("Content-Type", MANIFEST_MEDIA_TYPE)
                .PUT(slow ? slowBody(push.manifest(), 64, 25, abort) : HttpRequest.BodyPublishers.ofByteArray(push.manifest()))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(put.statusCode(), put.statusCode() == 201 ? null : put.body(),
                put.headers().firstValue("Docker-Content-Digest").orElse(null));
    }

    private static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    private static URI location(URI base, HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in the " + response.statusCode() + " response to "
                        + response.request().method() + " " + response.request().uri()));
        return base.resolve(location);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The bytes {@code [from, to)} of {@code data}, with a Content-Length; sent slowly if {@code slow}. */
    private static HttpRequest.BodyPublisher body(byte[] data, int from, int to, AtomicBoolean abort, boolean slow) {
        if (!slow) {
            return HttpRequest.BodyPublishers.ofByteArray(data, from, to - from);
        }
        if (from == to) {
            return HttpRequest.BodyPublishers.noBody();
        }
        byte[] part = from == 0 && to == data.length ? data : Arrays.copyOfRange(data, from, to);
        return slowBody(part, 64 * 1024, 10, abort);
    }

    /** Sends {@code data} in pieces of {@code piece} bytes, {@code pauseMillis} apart, so the kill finds it in flight. */
    private static HttpRequest.BodyPublisher slowBody(byte[] data, int piece, long pauseMillis, AtomicBoolean abort) {
        return HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new SlowStream(data, piece, pauseMillis, abort)),
                data.length);
    }

    private static final class SlowStream extends InputStream {
        private final byte[] data;
        private final int piece;
        private final long pauseMillis;
        private final AtomicBoolean abort;
        private int position;

        SlowStream(byte[] data, int piece, long pauseMillis, AtomicBoolean abort) {
            this.data = data;
            this.piece = piece;
            this.pauseMillis = pauseMillis;
            this.abort = abort;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= data.length) {
                return -1;
            }
            if (abort.get()) {
                throw new IOException("the server was killed; the client gives up");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            int n = Math.min(Math.min(length, piece), data.length - position);
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /**
     * Tries to finish an upload whose session was open at the kill. The session may be gone (404); if the registry
     * still knows it ({@code GET} 204 with a {@code Range}), sending the rest from the offset it reports and closing
     * with {@code PUT ?digest=} must give 201 and the intact blob, since after a SIGKILL (unlike a power loss) every
     * byte the server wrote is still in its files. A 416 is allowed where the reported range is ambiguous.
     * Returns whether the session was resumed.
     */
    private static boolean resume(HttpClient client, RegistryProcess server, Upload upload, URI session)
            throws IOException, InterruptedException {
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(session).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String context = "upload session " + session + " of blob #" + upload.index() + " (" + upload.mode() + ", "
                + upload.data().length + " bytes) after the restart";
        if (status.statusCode() == 404) {
            return false;
        }
        assertEquals(204, status.statusCode(), () -> "GET " + context + ": " + status.body() + "\n" + Blobs.logTail(server.log()));
        String range = status.headers().firstValue("Range").orElse("0--1");
        int next = Integer.parseInt(range.substring(range.indexOf('-') + 1)) + 1;
        assertTrue(next >= 0 && next <= upload.data().length, () -> context + " reports Range " + range);
        URI location = status.headers().firstValue("Location").map(server.baseUri()::resolve).orElse(session);
        if (next < upload.data().length) {
            HttpResponse<String> patched = client.send(HttpRequest.newBuilder(location).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", next + "-" + (upload.data().length - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(upload.data(), next, upload.data().length - next))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (patched.statusCode() == 416 && range.equals("0-0")) {
                return false;
            }
            assertEquals(202, patched.statusCode(), () -> "PATCH from " + next + " (Range was " + range + ") to " + context
                    + ": " + patched.body() + "\n" + Blobs.logTail(server.log()));
            location = location(server.baseUri(), patched);
        }
        Outcome put = put(client, server.baseUri(), location, upload, new byte[0], new AtomicBoolean(), false);
        assertEquals(201, put.status(), () -> "closing the resumed " + context + " from offset " + next + ": " + put
                + "\n" + Blobs.logTail(server.log()));
        assertBlobIntactOrAbsent(client, server, upload, false, "resumed " + context);
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // checks

    /**
     * The blob is served complete and correct (HEAD and GET), or, if {@code mayBeAbsent}, not at all (404 to both).
     * Returns whether it is present.
     */
    private static boolean assertBlobIntactOrAbsent(HttpClient client, RegistryProcess server, Upload upload,
            boolean mayBeAbsent, String context) throws IOException, InterruptedException {
        String path = "/v2/" + upload.repository() + "/blobs/" + upload.digest();
        HttpResponse<Void> head = client.send(request(server.baseUri(), path).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<byte[]> get = client.send(request(server.baseUri(), path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String detail = context + ": HEAD " + head.statusCode() + ", GET " + get.statusCode() + "\n" + Blobs.logTail(server.log());
        if (mayBeAbsent && head.statusCode() == 404 && get.statusCode() == 404) {
            return false;
        }
        assertEquals(200, head.statusCode(), detail);
        assertEquals(200, get.statusCode(), detail);
        assertEquals(upload.data().length, head.headers().firstValueAsLong("Content-Length").orElse(-1), "HEAD Content-Length, " + detail);
        assertEquals(upload.data().length, get.body().length, "length of the GET body, " + detail);
        assertEquals(upload.digest(), Blobs.sha256(get.body()), "digest of the GET body, " + detail);
        return true;
    }

    /**
     * GET and HEAD of a manifest reference: either both 404 (only if {@code mayBeAbsent}), or exactly the bytes of one
     * of {@code candidates}, with its digest, media type and length. Returns that candidate, or null for a 404.
     */
    private static Push assertManifestServed(HttpClient client, RegistryProcess server, String repository,
            String reference, List<Push> candidates, boolean mayBeAbsent, String context)
            throws IOException, InterruptedException {
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpResponse<byte[]> get = client.send(request(server.baseUri(), path).header("Accept", MANIFEST_MEDIA_TYPE)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<Void> head = client.send(request(server.baseUri(), path).header("Accept", MANIFEST_MEDIA_TYPE)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String detail = context + ": GET " + path + " " + get.statusCode() + ", HEAD " + head.statusCode()
                + "\n" + Blobs.logTail(server.log());
        if (mayBeAbsent && get.statusCode() == 404 && head.statusCode() == 404) {
            return null;
        }
        assertEquals(200, get.statusCode(), detail);
        assertEquals(200, head.statusCode(), detail);
        Push served = candidates.stream().filter(c -> Arrays.equals(c.manifest(), get.body())).findFirst()
                .orElseThrow(() -> new AssertionError("the manifest served is none of those pushed, " + detail
                        + "\n--- served ---\n" + new String(get.body(), StandardCharsets.UTF_8)));
        assertEquals(served.digest(), get.headers().firstValue("Docker-Content-Digest").orElse(null), detail);
        assertEquals(served.digest(), head.headers().firstValue("Docker-Content-Digest").orElse(null), detail);
        assertEquals(MANIFEST_MEDIA_TYPE, get.headers().firstValue("Content-Type").orElse(null), detail);
        assertEquals(served.manifest().length, head.headers().firstValueAsLong("Content-Length").orElse(-1), detail);
        return served;
    }
}
