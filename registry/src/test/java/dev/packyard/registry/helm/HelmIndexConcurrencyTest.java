package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.packyard.registry.helm.HelmClient.text;
import static dev.packyard.registry.helm.HelmClient.versions;
import static dev.packyard.registry.helm.TestCharts.chart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index stays equal to OCI storage under concurrent uploads (both doors), deletes (three ways) and reads, and a
 * restart rebuilds exactly the same index.
 */
class HelmIndexConcurrencyTest {

    private static final int VERSIONS = 200;
    private static final int UPLOADERS = 8;
    private static final int DELETERS = 4;
    private static final int READERS = 3;

    /** Version {@code i}: 1.x.y, every 13th a pre-release, every 17th with build metadata. */
    private static String version(int i) {
        String version = "1." + (i / 20) + "." + (i % 20);
        if (i % 13 == 0) {
            version += "-rc." + i;
        } else if (i % 17 == 0) {
            version += "+build." + i;
        }
        return version;
    }

    private static boolean deleted(int i) {
        return i % 3 == 0;
    }

    @Test
    void theIndexEqualsStorageAfterConcurrentUploadsDeletesAndReads(@TempDir Path data) throws Exception {
        String etag;
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < VERSIONS; i++) {
            if (!deleted(i)) {
                expected.add(version(i));
            }
        }
        try (TestRegistry registry = new TestRegistry(data, false)) {
            HelmClient helm = new HelmClient(registry);
            assertTrue(helm.index("busy").path("entries").isEmpty(), "loaded (empty) before the storm");
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            Set<String> seenEtags = ConcurrentHashMap.newKeySet();

            assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
                ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS + DELETERS + READERS);
                try {
                    List<Future<?>> writers = new ArrayList<>();
                    for (int t = 0; t < UPLOADERS; t++) {
                        int thread = t;
                        writers.add(pool.submit(() -> upload(helm, thread, problems)));
                    }
                    for (int t = 0; t < DELETERS; t++) {
                        int thread = t;
                        writers.add(pool.submit(() -> delete(helm, thread, problems)));
                    }
                    List<Future<?>> readers = new ArrayList<>();
                    for (int t = 0; t < READERS; t++) {
                        readers.add(pool.submit(() -> read(helm, writing, reads, seenEtags, problems)));
                    }
                    for (Future<?> writer : writers) {
                        writer.get();
                    }
                    writing.set(false);
                    for (Future<?> reader : readers) {
                        reader.get();
                    }
                } finally {
                    pool.shutdownNow();
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                }
            });
            assertEquals(List.of(), problems, "problems seen during the run");
            assertTrue(reads.get() > 0 && seenEtags.size() > 1, reads + " reads, " + seenEtags.size() + " ETags");

            JsonNode index = helm.index("busy");
            List<String> indexed = versions(index, "mychart");
            List<String> tagged = helm.tags("busy/mychart").stream().map(ChartVersions::versionOfTag).toList();
            List<String> listed = helm.apiVersions("busy", "mychart");
            assertEquals(expected, new TreeSet<>(indexed), "index.yaml lists exactly the versions not deleted");
            assertEquals(expected.size(), indexed.size(), "no version twice");
            assertEquals(new TreeSet<>(tagged), new TreeSet<>(indexed), "index.yaml equals the OCI tags");
            assertEquals(indexed, listed, "the ChartMuseum list equals index.yaml, in the same order");
            List<String> sorted = new ArrayList<>(indexed);
            sorted.sort(ChartVersions.NEWEST_FIRST);
            assertEquals(sorted, indexed, "newest first");
            etag = helm.get("/helm/busy/index.yaml").headers().firstValue("ETag").orElseThrow();
        }
        try (TestRegistry restarted = new TestRegistry(data, false)) {
            HelmClient helm = new HelmClient(restarted);
            assertEquals(new ArrayList<>(expected).stream().sorted(ChartVersions.NEWEST_FIRST).toList(),
                    versions(helm.index("busy"), "mychart"));
            assertEquals(etag, helm.get("/helm/busy/index.yaml").headers().firstValue("ETag").orElse(""),
                    "a restart rebuilds the same index");
        }
    }

    /** Uploads this thread's share; every fifth version is pushed over OCI instead of the ChartMuseum API. */
    private static void upload(HelmClient helm, int thread, List<String> problems) {
        for (int i = thread; i < VERSIONS; i += UPLOADERS) {
            String version = version(i);
            byte[] tgz = chart("mychart", version);
            int status;
            String body;
            if (i % 5 == 0) {
                HttpResponse<String> pushed = helm.pushOci("busy/mychart", ChartVersions.tagOf(version),
                        HelmClient.config("mychart", version), tgz, null);
                status = pushed.statusCode();
                body = pushed.body();
            } else {
                HttpResponse<byte[]> saved = helm.upload("busy", tgz);
                status = saved.statusCode();
                body = text(saved);
            }
            if (status != 201) {
                problems.add("upload " + version + ": " + status + " " + body);
            }
        }
    }

    /**
     * Deletes this thread's share of the deleted versions as soon as they exist, by the ChartMuseum API, by OCI tag or
     * by OCI digest in turn; a 404 means the upload has not landed yet.
     */
    private static void delete(HelmClient helm, int thread, List<String> problems) {
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < VERSIONS; i++) {
            if (deleted(i) && (i / 3) % DELETERS == thread) {
                mine.add(i);
            }
        }
        for (int i : mine) {
            String version = version(i);
            String tag = ChartVersions.tagOf(version);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                HttpResponse<byte[]> response;
                int ok;
                switch ((i / 3) % 3) {
                    case 0 -> {
                        response = helm.delete("/api/busy/charts/mychart/" + version);
                        ok = 200;
                    }
                    case 1 -> {
                        response = helm.delete("/v2/busy/mychart/manifests/" + tag);
                        ok = 202;
                    }
                    default -> {
                        HttpResponse<byte[]> head = helm.send("HEAD", "/v2/busy/mychart/manifests/" + tag, null,
                                "Accept", "application/vnd.oci.image.manifest.v1+json");
                        if (head.statusCode() != 200) {
                            response = head;
                        } else {
                            response = helm.delete("/v2/busy/mychart/manifests/"
                                    + head.headers().firstValue("Docker-Content-Digest").orElseThrow());
                        }
                        ok = 202;
                    }
                }
                if (response.statusCode() == ok) {
                    break;
                }
                if (response.statusCode() != 404) {
                    problems.add("delete " + version + ": " + response.statusCode() + " " + text(response));
                    break;
                }
                if (System.nanoTime() > deadline) {
                    problems.add("delete " + version + ": still 404 after 60 s");
                    break;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads index.yaml (revalidating with its ETag) and the ChartMuseum list; each must be whole and in order. */
    private static void read(HelmClient helm, AtomicBoolean writing, AtomicInteger reads, Set<String> etags,
                             List<String> problems) {
        String etag = null;
        while (writing.get()) {
            HttpResponse<byte[]> response = etag == null ? helm.get("/helm/busy/index.yaml")
                    : helm.get("/helm/busy/index.yaml", "If-None-Match", etag);
            reads.incrementAndGet();
            if (response.statusCode() == 304) {
                continue;
            }
            if (response.statusCode() != 200) {
                problems.add("index.yaml: " + response.statusCode() + " " + text(response));
                return;
            }
            etag = response.headers().firstValue("ETag").orElse(null);
            etags.add(String.valueOf(etag));
            List<String> versions;
            try {
                versions = versions(HelmClient.parseYaml(response.body()), "mychart");
            } catch (AssertionError e) {
                problems.add(e.getMessage());
                return;
            }
            check("index.yaml", versions, problems);
            HttpResponse<byte[]> list = helm.get("/api/busy/charts/mychart");
            if (list.statusCode() == 200) {
                List<String> listed = new ArrayList<>();
                HelmClient.json(list).forEach(e -> listed.add(e.path("version").asText()));
                check("/api/busy/charts/mychart", listed, problems);
            } else if (list.statusCode() != 404) {
                problems.add("/api/busy/charts/mychart: " + list.statusCode() + " " + text(list));
            }
        }
    }

    private static void check(String what, List<String> versions, List<String> problems) {
        if (new HashSet<>(versions).size() != versions.size()) {
            problems.add(what + " lists a version twice: " + versions);
        }
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(ChartVersions.NEWEST_FIRST);
        if (!sorted.equals(versions)) {
            problems.add(what + " is not newest first: " + versions);
        }
    }
}
