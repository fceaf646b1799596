package dev.packyard.e2e.helm;

import static dev.packyard.e2e.helm.HelmRepositoryTest.fieldNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.helm.HelmHttp.Part;
import dev.packyard.e2e.helm.TestCharts.Packaged;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ChartMuseum API ({@code /api/R/...}) as the upload door to the same charts: a chart POSTed raw or as
 * multipart/form-data (with its .prov) is fetched by the real Helm from {@code oci://HOST/R/NAME} and from the
 * classic repository; a second upload of a version conflicts unless forced; a .prov uploaded on its own lands next
 * to its chart; the API lists charts and versions; errors are JSON.
 */
class ChartMuseumApiTest {

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static HelmHttp http;

    @BeforeAll
    static void startServer() {
        HelmRepo.requireIsolatedHelmHome();
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new HelmHttp(server.baseUri(), server.log());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRawUploadIsTemplatedFromOciAndFromTheClassicRepository() {
        String namespace = "museum/raw";
        Packaged chart = TestCharts.chart(tmp.resolve("raw"), "uploaded", "0.3.0");
        assertSaved(http.postRaw("/api/" + namespace + "/charts", chart.bytes()));

        String fromOci = Helm.template("oci://" + server.hostPort() + "/" + namespace + "/uploaded").withName("raw")
                .withVersion("0.3.0").plainHttp().call();
        assertTrue(fromOci.contains("name: raw-uploaded") && fromOci.contains("chartVersion: \"0.3.0\""), fromOci);
        JsonNode manifest = http.manifestJson(namespace + "/uploaded", "0.3.0");
        assertEquals(HelmHttp.HELM_CONFIG, manifest.path("config").path("mediaType").asText(), manifest::toPrettyString);
        assertEquals(HelmHttp.HELM_CHART_LAYER, manifest.path("layers").path(0).path("mediaType").asText(),
                manifest::toPrettyString);
        assertEquals("sha256:" + HelmHttp.sha256Hex(chart.bytes()), manifest.path("layers").path(0).path("digest").asText(),
                "the uploaded .tgz must be stored as is");

        HelmRepo repo = HelmRepo.add(tmp, "museum-raw", server.baseUri().resolve("/helm/" + namespace));
        assertEquals(List.of("0.3.0"), repo.versions("uploaded"));
        String fromRepo = repo.template("classic", "uploaded", "0.3.0");
        assertTrue(fromRepo.contains("name: classic-uploaded"), fromRepo);
    }

    @Test
    void aMultipartUploadWithItsProvenance() {
        String namespace = "museum/multipart";
        TestKeyring keyring = TestKeyring.generate(tmp.resolve("gpg-multipart"));
        Packaged chart = TestCharts.signedChart(tmp.resolve("multipart"), "form", "1.4.0", keyring);
        assertSaved(http.postMultipart("/api/" + namespace + "/charts",
                new Part("chart", chart.fileName(), chart.bytes()),
                new Part("prov", chart.fileName() + ".prov", chart.provBytes())));

        HttpResponse<byte[]> prov = http.chartFile(namespace, "form-1.4.0.tgz.prov");
        assertEquals(200, prov.statusCode(), () -> HelmHttp.text(prov) + http.logTail());
        assertArrayEquals(chart.provBytes(), prov.body(), "the served .prov is not the one helm package --sign wrote");
        assertArrayEquals(chart.bytes(), http.chartFile(namespace, "form-1.4.0.tgz").body());

        String rendered = Helm.template("oci://" + server.hostPort() + "/" + namespace + "/form").withVersion("1.4.0")
                .plainHttp().call();
        assertTrue(rendered.contains("chartVersion: \"1.4.0\""), rendered);
    }

    @Test
    void aMultipartUploadOfAChartAlone() {
        String namespace = "museum/multipart-alone";
        Packaged chart = TestCharts.chart(tmp.resolve("alone"), "alone", "0.0.1");
        assertSaved(http.postMultipart("/api/" + namespace + "/charts", new Part("chart", chart.fileName(), chart.bytes())));
        assertArrayEquals(chart.bytes(), http.chartFile(namespace, "alone-0.0.1.tgz").body());
        assertEquals(404, http.chartFile(namespace, "alone-0.0.1.tgz.prov").statusCode());
    }

    @Test
    void aProvenanceUploadedAfterItsChart() {
        String namespace = "museum/prov";
        TestKeyring keyring = TestKeyring.generate(tmp.resolve("gpg-prov"));
        Packaged chart = TestCharts.signedChart(tmp.resolve("prov"), "later", "2.0.0", keyring);

        // a .prov whose chart is not there yet has nothing to attach to
        HttpResponse<byte[]> orphan = http.postRaw("/api/" + namespace + "/prov", chart.provBytes());
        assertTrue(orphan.statusCode() == 404 || orphan.statusCode() == 400,
                () -> "a .prov before its chart: " + orphan.statusCode() + " " + HelmHttp.text(orphan));
        assertError(orphan);

        assertSaved(http.postRaw("/api/" + namespace + "/charts", chart.bytes()));
        assertEquals(404, http.chartFile(namespace, "later-2.0.0.tgz.prov").statusCode());
        HttpResponse<byte[]> saved = http.postRaw("/api/" + namespace + "/prov", chart.provBytes());
        assertEquals(201, saved.statusCode(), () -> HelmHttp.text(saved) + http.logTail());

        HttpResponse<byte[]> prov = http.chartFile(namespace, "later-2.0.0.tgz.prov");
        assertEquals(200, prov.statusCode(), () -> HelmHttp.text(prov) + http.logTail());
        assertArrayEquals(chart.provBytes(), prov.body(), "the served .prov is not the one helm package --sign wrote");
    }

    @Test
    void aSecondUploadOfAVersionConflictsUnlessForced() {
        String namespace = "museum/conflict";
        Packaged first = TestCharts.chart(tmp.resolve("conflict-first"), "twice", "1.0.0", "first upload");
        Packaged second = TestCharts.chart(tmp.resolve("conflict-second"), "twice", "1.0.0", "second upload");
        assertFalse(Arrays.equals(first.bytes(), second.bytes()));
        assertSaved(http.postRaw("/api/" + namespace + "/charts", first.bytes()));

        HttpResponse<byte[]> conflict = http.postRaw("/api/" + namespace + "/charts", second.bytes());
        assertEquals(409, conflict.statusCode(), () -> HelmHttp.text(conflict));
        assertError(conflict);
        HttpResponse<byte[]> conflictMultipart = http.postMultipart("/api/" + namespace + "/charts",
                new Part("chart", second.fileName(), second.bytes()));
        assertEquals(409, conflictMultipart.statusCode(), () -> HelmHttp.text(conflictMultipart));
        assertError(conflictMultipart);
        assertArrayEquals(first.bytes(), http.chartFile(namespace, "twice-1.0.0.tgz").body(), "a conflict changes nothing");

        assertSaved(http.postRaw("/api/" + namespace + "/charts?force", second.bytes()));
        assertArrayEquals(second.bytes(), http.chartFile(namespace, "twice-1.0.0.tgz").body(), "?force replaces the version");
        assertEquals(HelmHttp.sha256Hex(second.bytes()),
                http.indexEntries(namespace).path("twice").path(0).path("digest").asText());
        String rendered = Helm.template("oci://" + server.hostPort() + "/" + namespace + "/twice").withVersion("1.0.0")
                .plainHttp().call();
        assertTrue(rendered.contains("greeting: \"second upload\""), rendered);
    }

    @Test
    void theApiListsChartsAndTheirVersions() {
        String namespace = "museum/list";
        Packaged a1 = TestCharts.chart(tmp.resolve("list-a1"), "listed-a", "1.0.0");
        Packaged a2 = TestCharts.chart(tmp.resolve("list-a2"), "listed-a", "1.1.0");
        Packaged b1 = TestCharts.chart(tmp.resolve("list-b1"), "listed-b", "0.1.0");
        for (Packaged chart : List.of(a1, a2, b1)) {
            assertSaved(http.postRaw("/api/" + namespace + "/charts", chart.bytes()));
        }

        JsonNode all = json(http.get("/api/" + namespace + "/charts"), 200);
        assertEquals(Set.of("listed-a", "listed-b"), fieldNames(all), all::toPrettyString);
        assertEquals(Set.of("1.0.0", "1.1.0"), versions(all.path("listed-a")), all::toPrettyString);
        assertEquals(Set.of("0.1.0"), versions(all.path("listed-b")), all::toPrettyString);

        JsonNode listedA = json(http.get("/api/" + namespace + "/charts/listed-a"), 200);
        assertTrue(listedA.isArray(), listedA::toPrettyString);
        assertEquals(Set.of("1.0.0", "1.1.0"), versions(listedA), listedA::toPrettyString);

        JsonNode one = json(http.get("/api/" + namespace + "/charts/listed-a/1.1.0"), 200);
        assertEquals("listed-a", one.path("name").asText(), one::toPrettyString);
        assertEquals("1.1.0", one.path("version").asText(), one::toPrettyString);
        assertEquals(HelmHttp.sha256Hex(a2.bytes()), one.path("digest").asText(), one::toPrettyString);
        assertEquals("charts/listed-a-1.1.0.tgz", one.path("urls").path(0).asText(), one::toPrettyString);

        assertError(http.get("/api/" + namespace + "/charts/listed-a/9.9.9"), 404);
        assertError(http.get("/api/" + namespace + "/charts/never-uploaded"), 404);
        assertError(http.delete("/api/" + namespace + "/charts/listed-a/9.9.9"), 404);

        HttpResponse<byte[]> deleted = http.delete("/api/" + namespace + "/charts/listed-b/0.1.0");
        assertEquals(200, deleted.statusCode(), () -> HelmHttp.text(deleted));
        assertTrue(HelmHttp.parse(deleted).path("deleted").asBoolean(), () -> HelmHttp.text(deleted));
        assertEquals(Set.of("listed-a"), fieldNames(json(http.get("/api/" + namespace + "/charts"), 200)));
        assertEquals(Set.of("listed-a"), fieldNames(http.indexEntries(namespace)));
    }

    private static void assertSaved(HttpResponse<byte[]> response) {
        assertEquals(201, response.statusCode(), () -> HelmHttp.text(response) + http.logTail());
        assertTrue(HelmHttp.parse(response).path("saved").asBoolean(), () -> HelmHttp.text(response));
    }

    private static void assertError(HttpResponse<byte[]> response, int status) {
        assertEquals(status, response.statusCode(), () -> HelmHttp.text(response));
        assertError(response);
    }

    /** The body is {@code {"error": "<a message>"}}. */
    static void assertError(HttpResponse<byte[]> response) {
        JsonNode body = HelmHttp.parse(response);
        assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(),
                () -> response.statusCode() + " without a JSON error message: " + HelmHttp.text(response));
    }

    private static JsonNode json(HttpResponse<byte[]> response, int status) {
        assertEquals(status, response.statusCode(), () -> response.uri() + ": " + HelmHttp.text(response) + http.logTail());
        return HelmHttp.parse(response);
    }

    private static Set<String> versions(JsonNode entries) {
        Set<String> versions = new TreeSet<>();
        entries.forEach(entry -> versions.add(entry.path("version").asText()));
        return versions;
    }
}
