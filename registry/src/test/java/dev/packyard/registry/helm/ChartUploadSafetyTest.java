package dev.packyard.registry.helm;

import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.packyard.registry.helm.HelmClient.assertError;
import static dev.packyard.registry.helm.HelmClient.text;
import static dev.packyard.registry.helm.TestCharts.chart;
import static dev.packyard.registry.helm.TestCharts.chartYaml;
import static dev.packyard.registry.helm.TestCharts.file;
import static dev.packyard.registry.helm.TestCharts.prov;
import static dev.packyard.registry.helm.TestCharts.tgz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refused uploads and requests: each answers a specific status, code and message, and leaves the ChartMuseum
 * listing, index.yaml and the OCI catalog exactly as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartUploadSafetyTest {

    private static final long LIMIT = 64 * 1024;
    private static final String REPO = "safe";

    private TestRegistry registry;
    private HelmClient helm;
    private byte[] existing;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        registry = new TestRegistry(data, false, LIMIT);
        helm = new HelmClient(registry);
        existing = chart("mychart", "1.0.0");
        HttpResponse<byte[]> saved = helm.uploadMultipart("/api/safe/charts",
                TestCharts.Multipart.of("chart", existing, "prov", prov("mychart", "1.0.0", existing)));
        assertEquals(201, saved.statusCode(), () -> text(saved));
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    /** Runs {@code request}, asserts the refusal, then that nothing changed. */
    private void refused(String what, java.util.function.Supplier<HttpResponse<byte[]>> request, int status, String code,
                         String... mentions) {
        HelmClient.State before = helm.state(REPO);
        HttpResponse<byte[]> response = request.get();
        try {
            assertError(response, status, code, mentions);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        before.assertUnchanged(helm.state(REPO), what);
    }

    private void refusedUpload(String what, byte[] body, String code, String... mentions) {
        refused(what, () -> helm.upload(REPO, body), 400, code, mentions);
    }

    @Test
    void brokenPackagesAreRefused() {
        byte[] valid = chart("mychart", "2.0.0");
        refusedUpload("truncated tgz", Arrays.copyOf(valid, valid.length / 2), "CHART_INVALID", "not a readable .tar.gz");
        byte[] flipped = valid.clone();
        for (int i = 20; i < flipped.length - 8; i++) {
            flipped[i] ^= 0x5a;
        }
        refusedUpload("corrupt tgz", flipped, "CHART_INVALID", "not a readable .tar.gz");
        refusedUpload("not gzip", chartYaml("mychart", "2.0.0").getBytes(StandardCharsets.UTF_8), "CHART_INVALID",
                "not gzip");
        refusedUpload("zip, not gzip", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}, "CHART_INVALID", "not gzip");
        refusedUpload("no Chart.yaml", tgz(tar -> {
            file(tar, "mychart/values.yaml", "a: 1\n");
            file(tar, "mychart/templates/cm.yaml", "kind: ConfigMap\n");
        }), "CHART_INVALID", "mychart/Chart.yaml");
        refusedUpload("two top folders", tgz(tar -> {
            file(tar, "mychart/Chart.yaml", chartYaml("mychart", "2.0.0"));
            file(tar, "other/Chart.yaml", chartYaml("other", "2.0.0"));
        }), "CHART_INVALID", "two top-level folders", "'mychart'", "'other'");
        refusedUpload("file beside the chart folder", tgz(tar -> {
            file(tar, "mychart/Chart.yaml", chartYaml("mychart", "2.0.0"));
            file(tar, "README.md", "# stray\n");
        }), "CHART_INVALID", "'README.md'");
        refusedUpload("zip-slip", tgz(tar -> {
            file(tar, "mychart/Chart.yaml", chartYaml("mychart", "2.0.0"));
            file(tar, "../evil", "owned");
        }), "CHART_INVALID", "'../evil'");
        refusedUpload("zip-slip inside the folder", tgz(tar -> {
            file(tar, "mychart/Chart.yaml", chartYaml("mychart", "2.0.0"));
            file(tar, "mychart/templates/../../../evil", "owned");
        }), "CHART_INVALID", "mychart/templates/../../../evil");
        refusedUpload("absolute path", tgz(tar -> {
            file(tar, "mychart/Chart.yaml", chartYaml("mychart", "2.0.0"));
            file(tar, "/etc/cron.d/evil", "* * * * * root sh");
        }), "CHART_INVALID", "'/etc/cron.d/evil'");
        refusedUpload("version not semver", chart("mychart", "not-semver"), "CHART_INVALID", "'not-semver'", "SemVer");
        refusedUpload("partial version", chart("mychart", "1.2"), "CHART_INVALID", "'1.2'", "SemVer");
        refusedUpload("uppercase name", tgz(tar -> file(tar, "MyChart/Chart.yaml", chartYaml("MyChart", "2.0.0"))),
                "CHART_INVALID", "'MyChart'", "lowercase");
        refusedUpload("Chart.yaml not YAML", tgz(tar -> file(tar, "mychart/Chart.yaml", "name: [unclosed\n")),
                "CHART_INVALID", "not valid YAML");
        refusedUpload("no apiVersion", tgz(tar -> file(tar, "mychart/Chart.yaml", "name: mychart\nversion: 2.0.0\n")),
                "CHART_INVALID", "apiVersion");
        // and the same package, valid apart from its name, is accepted: the refusals above are about their defect
        assertEquals(201, helm.upload("elsewhere", valid).statusCode());
    }

    @Test
    void emptyAndOversizeBodiesAreRefused() {
        refused("empty body", () -> helm.upload(REPO, new byte[0]), 400, "UPLOAD_EMPTY", "empty");
        byte[] big = new byte[(int) LIMIT + 1];
        new Random(1).nextBytes(big);
        refused("oversize body with Content-Length", () -> helm.upload(REPO, big), 413, "UPLOAD_TOO_LARGE",
                String.valueOf(LIMIT), "charts.maxUploadBytes");
        refused("oversize body, chunked", () -> chunked("/api/safe/charts", big), 413, "UPLOAD_TOO_LARGE",
                String.valueOf(LIMIT));
        refused("oversize multipart", () -> helm.uploadMultipart("/api/safe/charts", TestCharts.Multipart.of("chart", big)),
                413, "UPLOAD_TOO_LARGE");
        refused("oversize prov", () -> helm.send("POST", "/api/safe/prov", big), 413, "UPLOAD_TOO_LARGE");
        // a package of exactly the limit is read (and refused for what it is, not for its size)
        refused("body of exactly the limit", () -> helm.upload(REPO, Arrays.copyOf(big, (int) LIMIT)), 400,
                "CHART_INVALID");
    }

    @Test
    void badMultipartFormsAreRefused() {
        byte[] chart = chart("mychart", "3.0.0");
        refused("multipart without chart or prov", () -> helm.uploadMultipart("/api/safe/charts",
                TestCharts.Multipart.of("file", chart)), 400, "UPLOAD_INVALID", "'chart'", "'prov'");
        refused("multipart without boundary", () -> helm.send("POST", "/api/safe/charts", chart,
                "Content-Type", "multipart/form-data"), 400, "UPLOAD_INVALID", "boundary");
        refused("multipart, garbage body", () -> helm.send("POST", "/api/safe/charts", chart,
                "Content-Type", "multipart/form-data; boundary=xyz"), 400, "UPLOAD_INVALID");
        refused("prov for another file", () -> helm.uploadMultipart("/api/safe/charts", TestCharts.Multipart.of(
                "chart", chart, "prov", prov("other", "3.0.0", "other-3.0.0.tgz", chart))),
                400, "PROVENANCE_MISMATCH", "other-3.0.0.tgz", "mychart-3.0.0.tgz");
        refused("prov with another sha256", () -> helm.uploadMultipart("/api/safe/charts", TestCharts.Multipart.of(
                "chart", chart, "prov", prov("mychart", "3.0.0", chart("mychart", "3.0.0", "x: 1\n")))),
                400, "PROVENANCE_MISMATCH", "sha256:" + TestCharts.sha256Hex(chart));
        refused("prov that is not clear-signed", () -> helm.uploadMultipart("/api/safe/charts", TestCharts.Multipart.of(
                "chart", chart, "prov", "files:\n  mychart-3.0.0.tgz: sha256:00\n".getBytes(StandardCharsets.UTF_8))),
                400, "PROVENANCE_INVALID", "BEGIN PGP SIGNED MESSAGE");
        refused("prov naming no file", () -> helm.send("POST", "/api/safe/prov",
                "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: mychart\n".getBytes(StandardCharsets.UTF_8)),
                400, "PROVENANCE_INVALID", "files:");
        // a prov alone: for a chart that is not there, or whose sha256 is not the stored package's
        refused("prov alone, chart missing", () -> helm.send("POST", "/api/safe/prov", prov("mychart", "3.0.0", chart)),
                404, "CHART_NOT_FOUND", "mychart-3.0.0.tgz");
        refused("prov alone, as multipart, chart missing", () -> helm.uploadMultipart("/api/safe/charts",
                TestCharts.Multipart.of("prov", prov("mychart", "3.0.0", chart))), 404, "CHART_NOT_FOUND");
        refused("prov alone, wrong sha256", () -> helm.send("POST", "/api/safe/prov",
                prov("mychart", "1.0.0", chart("mychart", "1.0.0", "x: 2\n"))), 400, "PROVENANCE_MISMATCH",
                "sha256:" + TestCharts.sha256Hex(existing));
        refused("a .prov sent as the package", () -> helm.send("POST", "/api/safe/charts?force",
                "-----BEGIN PGP SIGNED MESSAGE-----\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/octet-stream"), 400, "CHART_INVALID");
    }

    @Test
    void unknownRoutesWrongMethodsAndBadNamesAreRefused() {
        refused("unknown /api route", () -> helm.get("/api/safe/things"), 404, "NOT_FOUND", "/api/R/charts");
        refused("too deep /api route", () -> helm.get("/api/safe/charts/mychart/1.0.0/extra"), 404, "NOT_FOUND");
        refused("bare /api/charts", () -> helm.get("/api/charts"), 404, "NOT_FOUND");
        refused("unknown /helm route", () -> helm.get("/helm/safe/other.txt"), 404, "NOT_FOUND", "index.yaml");
        refused("chart download of a missing file", () -> helm.get("/helm/safe/charts/mychart-9.9.9.tgz"), 404,
                "CHART_NOT_FOUND", "mychart-9.9.9.tgz");
        refused("version not semver in a path", () -> helm.get("/api/safe/charts/mychart/latest"), 400,
                "VERSION_INVALID", "'latest'");

        refused("PUT /api/R/charts", () -> helm.send("PUT", "/api/safe/charts", existing), 405, "METHOD_NOT_ALLOWED");
        assertEquals("GET, POST", helm.send("PUT", "/api/safe/charts", existing).headers().firstValue("Allow").orElse(""));
        refused("DELETE /api/R/charts/NAME", () -> helm.delete("/api/safe/charts/mychart"), 405, "METHOD_NOT_ALLOWED");
        assertEquals("GET", helm.delete("/api/safe/charts/mychart").headers().firstValue("Allow").orElse(""));
        refused("GET /api/R/prov", () -> helm.get("/api/safe/prov"), 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", helm.get("/api/safe/prov").headers().firstValue("Allow").orElse(""));
        refused("POST /api/R/charts/NAME/VERSION", () -> helm.send("POST", "/api/safe/charts/mychart/1.0.0", existing),
                405, "METHOD_NOT_ALLOWED");
        assertEquals("GET, DELETE", helm.send("POST", "/api/safe/charts/mychart/1.0.0", existing).headers()
                .firstValue("Allow").orElse(""));

        refused("uppercase repository", () -> helm.upload("UPPER", existing), 404, "REPOSITORY_INVALID", "'UPPER'");
        refused("uppercase repository, GET", () -> helm.get("/api/UPPER/charts"), 404, "REPOSITORY_INVALID");
        refused("double dot in /helm", () -> helm.get("/helm/a..b/index.yaml"), 404, "REPOSITORY_INVALID", "'a..b'");
        refused("double dot in /api", () -> helm.upload("a..b", existing), 404, "REPOSITORY_INVALID");
        // an empty segment is not refused: the server normalizes the path, so a//b is Helm repository a/b
        assertEquals(201, helm.upload("a//b", existing).statusCode());
        assertEquals(List.of("1.0.0"), helm.tags("a/b/mychart"));
        refused("trailing dash", () -> helm.get("/helm/safe-/index.yaml"), 404, "REPOSITORY_INVALID");
    }

    @Test
    void writesToTheHelmRepositoryPathsAreNotAccepted() {
        HelmClient.State before = helm.state(REPO);
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<byte[]> response = helm.send(method, "/helm/safe/index.yaml", existing);
            // only GET and HEAD are routed under /helm; other methods fall through to the server's 404
            assertEquals(404, response.statusCode(), method + " /helm/safe/index.yaml: " + text(response));
            HttpResponse<byte[]> chartWrite = helm.send(method, "/helm/safe/charts/mychart-1.0.0.tgz", existing);
            assertEquals(404, chartWrite.statusCode(), method + " on a chart: " + text(chartWrite));
        }
        before.assertUnchanged(helm.state(REPO), "writes to /helm");
        assertEquals(200, helm.get("/helm/safe/charts/mychart-1.0.0.tgz").statusCode());
    }

    private HttpResponse<byte[]> chunked(String path, byte[] body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.uri(path))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
