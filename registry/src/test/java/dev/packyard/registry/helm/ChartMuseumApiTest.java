package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.packyard.registry.helm.HelmClient.assertError;
import static dev.packyard.registry.helm.HelmClient.json;
import static dev.packyard.registry.helm.HelmClient.text;
import static dev.packyard.registry.helm.HelmClient.versions;
import static dev.packyard.registry.helm.TestCharts.chart;
import static dev.packyard.registry.helm.TestCharts.prov;
import static dev.packyard.registry.helm.TestCharts.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ChartMuseum API: uploads (raw, multipart, .prov), listing, downloads through the Helm repository, deletes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartMuseumApiTest {

    private TestRegistry registry;
    private HelmClient helm;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        registry = new TestRegistry(data, false);
        helm = new HelmClient(registry);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void aRawUploadIsListedDescribedDownloadedAndDeleted() {
        String repo = "museum";
        byte[] tgz = chart("mychart", "0.1.0");
        helm.uploadOk(repo, tgz);

        JsonNode all = json(helm.get("/api/museum/charts"));
        assertEquals(List.of("mychart"), fieldNames(all), all::toString);
        assertEquals(1, all.path("mychart").size(), all::toString);
        JsonNode listed = all.path("mychart").get(0);
        JsonNode versions = json(helm.get("/api/museum/charts/mychart"));
        assertEquals(listed, versions.get(0), "list and versions agree");
        HttpResponse<byte[]> described = helm.get("/api/museum/charts/mychart/0.1.0");
        assertEquals(200, described.statusCode(), () -> text(described));
        JsonNode entry = json(described);
        assertEquals(listed, entry, "list and describe agree");
        assertEquals("mychart", entry.path("name").asText());
        assertEquals("0.1.0", entry.path("version").asText());
        assertEquals("1.16.0", entry.path("appVersion").asText());
        assertEquals(sha256Hex(tgz), entry.path("digest").asText(), "digest is the package's bare hex SHA-256");
        assertEquals("[\"charts/mychart-0.1.0.tgz\"]", entry.path("urls").toString());
        assertTrue(entry.hasNonNull("created"), entry::toString);

        HttpResponse<byte[]> download = helm.get("/helm/museum/charts/mychart-0.1.0.tgz");
        assertEquals(200, download.statusCode(), () -> text(download));
        assertArrayEquals(tgz, download.body(), "the download is the uploaded bytes");
        assertError(helm.get("/helm/museum/charts/mychart-0.1.0.tgz.prov"), 404, "PROVENANCE_NOT_FOUND");
        assertEquals(List.of("0.1.0"), helm.tags("museum/mychart"), "stored as OCI artifact museum/mychart:0.1.0");
        assertEquals(List.of("0.1.0"), versions(helm.index(repo), "mychart"));

        HttpResponse<byte[]> deleted = helm.delete("/api/museum/charts/mychart/0.1.0");
        assertEquals(200, deleted.statusCode(), () -> text(deleted));
        assertEquals("{\"deleted\":true}", text(deleted));
        assertError(helm.get("/api/museum/charts/mychart/0.1.0"), 404, "CHART_NOT_FOUND", "mychart", "0.1.0");
        assertError(helm.delete("/api/museum/charts/mychart/0.1.0"), 404, "CHART_NOT_FOUND");
        assertError(helm.get("/api/museum/charts/mychart"), 404, "CHART_NOT_FOUND", "mychart");
        assertError(helm.get("/helm/museum/charts/mychart-0.1.0.tgz"), 404, "CHART_NOT_FOUND");
        assertEquals("{}", text(helm.get("/api/museum/charts")));
        assertTrue(helm.index(repo).path("entries").isEmpty(), () -> new String(helm.indexBytes(repo)));
        assertEquals(List.of(), helm.tags("museum/mychart"), "the version's tag is gone from OCI too");
    }

    @Test
    void aMultipartUploadCarriesTheProvenanceFile() {
        String repo = "signed";
        byte[] tgz = chart("mychart", "1.0.0");
        byte[] prov = prov("mychart", "1.0.0", tgz);
        HttpResponse<byte[]> saved = helm.uploadMultipart("/api/signed/charts",
                TestCharts.Multipart.of("chart", tgz, "prov", prov));
        assertEquals(201, saved.statusCode(), () -> text(saved));
        assertEquals("{\"saved\":true}", text(saved));
        assertArrayEquals(tgz, helm.get("/helm/signed/charts/mychart-1.0.0.tgz").body());
        HttpResponse<byte[]> provDownload = helm.get("/helm/signed/charts/mychart-1.0.0.tgz.prov");
        assertEquals(200, provDownload.statusCode(), () -> text(provDownload));
        assertArrayEquals(prov, provDownload.body(), "the .prov download is the uploaded bytes");

        JsonNode manifest = json(helm.get("/v2/signed/mychart/manifests/1.0.0"));
        List<String> layerTypes = new ArrayList<>();
        manifest.path("layers").forEach(l -> layerTypes.add(l.path("mediaType").asText()));
        assertEquals(List.of(HelmMediaTypes.CHART, HelmMediaTypes.PROVENANCE), layerTypes, manifest::toString);
        assertEquals(HelmMediaTypes.CONFIG, manifest.path("config").path("mediaType").asText());

        // a chart part alone, and a prov uploaded later through /api/R/prov (raw) for a chart already there
        byte[] second = chart("mychart", "1.1.0");
        HttpResponse<byte[]> chartOnly = helm.uploadMultipart("/api/signed/charts", TestCharts.Multipart.of("chart", second));
        assertEquals(201, chartOnly.statusCode(), () -> text(chartOnly));
        assertError(helm.get("/helm/signed/charts/mychart-1.1.0.tgz.prov"), 404, "PROVENANCE_NOT_FOUND");
        String digestBefore = json(helm.get("/api/signed/charts/mychart/1.1.0")).path("digest").asText();
        byte[] secondProv = prov("mychart", "1.1.0", second);
        HttpResponse<byte[]> provSaved = helm.send("POST", "/api/signed/prov", secondProv,
                "Content-Type", "application/octet-stream");
        assertEquals(201, provSaved.statusCode(), () -> text(provSaved));
        assertArrayEquals(secondProv, helm.get("/helm/signed/charts/mychart-1.1.0.tgz.prov").body());
        assertArrayEquals(second, helm.get("/helm/signed/charts/mychart-1.1.0.tgz").body(), "the package is untouched");
        assertEquals(digestBefore, json(helm.get("/api/signed/charts/mychart/1.1.0")).path("digest").asText());

        // a multipart form with only a prov part, to /api/R/charts, for a chart already there
        byte[] third = chart("mychart", "1.2.0");
        helm.uploadOk(repo, third);
        byte[] thirdProv = prov("mychart", "1.2.0", third);
        HttpResponse<byte[]> provPart = helm.uploadMultipart("/api/signed/charts", TestCharts.Multipart.of("prov", thirdProv));
        assertEquals(201, provPart.statusCode(), () -> text(provPart));
        assertArrayEquals(thirdProv, helm.get("/helm/signed/charts/mychart-1.2.0.tgz.prov").body());
        assertEquals(List.of("1.2.0", "1.1.0", "1.0.0"), versions(helm.index(repo), "mychart"));
    }

    @Test
    void anExistingVersionIsA409UnlessForced() {
        String repo = "forced";
        byte[] first = chart("mychart", "2.0.0", "replicaCount: 1\n");
        byte[] second = chart("mychart", "2.0.0", "replicaCount: 2\n");
        byte[] third = chart("mychart", "2.0.0", "replicaCount: 3\n");
        helm.uploadOk(repo, first);
        byte[] indexBefore = helm.indexBytes(repo);

        assertError(helm.upload(repo, second), 409, "CHART_EXISTS", "mychart", "2.0.0", "force");
        assertError(helm.send("POST", "/api/forced/charts?force=false", second), 409, "CHART_EXISTS");
        assertArrayEquals(indexBefore, helm.indexBytes(repo), "a refused upload leaves the index as it was");
        assertArrayEquals(first, helm.get("/helm/forced/charts/mychart-2.0.0.tgz").body());

        HttpResponse<byte[]> forced = helm.send("POST", "/api/forced/charts?force", second);
        assertEquals(201, forced.statusCode(), () -> text(forced));
        JsonNode entry = HelmClient.entry(helm.index(repo), "mychart", "2.0.0").orElseThrow();
        assertEquals(sha256Hex(second), entry.path("digest").asText(), "the index shows the new package");
        assertArrayEquals(second, helm.get("/helm/forced/charts/mychart-2.0.0.tgz").body());

        HttpResponse<byte[]> forcedTrue = helm.send("POST", "/api/forced/charts?force=true", third);
        assertEquals(201, forcedTrue.statusCode(), () -> text(forcedTrue));
        assertEquals(sha256Hex(third), HelmClient.entry(helm.index(repo), "mychart", "2.0.0").orElseThrow()
                .path("digest").asText());
        assertEquals(List.of("2.0.0"), versions(helm.index(repo), "mychart"), "still one version");
        assertEquals(List.of("2.0.0"), helm.tags("forced/mychart"));
    }

    @Test
    void versionsAreListedNewestFirstAndPlusBecomesUnderscoreInTags() {
        String repo = "ordered";
        List<String> uploaded = List.of("1.2.0", "1.10.0", "2.0.0-rc.1", "1.0.0", "2.0.0", "1.0.0+build.1", "2.0.0-alpha");
        for (String version : uploaded) {
            helm.uploadOk(repo, chart("mychart", version));
        }
        List<String> newestFirst = List.of("2.0.0", "2.0.0-rc.1", "2.0.0-alpha", "1.10.0", "1.2.0", "1.0.0+build.1", "1.0.0");
        assertEquals(newestFirst, versions(helm.index(repo), "mychart"));
        assertEquals(newestFirst, helm.apiVersions(repo, "mychart"));
        assertTrue(helm.tags("ordered/mychart").contains("1.0.0_build.1"), () -> helm.tags("ordered/mychart").toString());

        JsonNode build = json(helm.get("/api/ordered/charts/mychart/1.0.0+build.1"));
        assertEquals("[\"charts/mychart-1.0.0+build.1.tgz\"]", build.path("urls").toString());
        assertArrayEquals(chart("mychart", "1.0.0+build.1"), helm.get("/helm/ordered/charts/mychart-1.0.0+build.1.tgz").body());
        assertEquals(200, helm.delete("/api/ordered/charts/mychart/1.0.0+build.1").statusCode());
        assertFalse(helm.tags("ordered/mychart").contains("1.0.0_build.1"));
        assertFalse(versions(helm.index(repo), "mychart").contains("1.0.0+build.1"));
        assertError(helm.get("/api/ordered/charts/mychart/1.2"), 400, "VERSION_INVALID", "1.2");
    }

    @Test
    void aHelmRepositoryMayHaveSeveralSegments() {
        byte[] tgz = chart("mychart", "0.3.0");
        HttpResponse<byte[]> saved = helm.send("POST", "/api/team/charts/charts", tgz);
        assertEquals(201, saved.statusCode(), () -> text(saved));
        assertEquals(List.of("0.3.0"), helm.tags("team/charts/mychart"), "stored at team/charts/mychart:0.3.0");
        assertEquals(List.of("mychart"), fieldNames(json(helm.get("/api/team/charts/charts"))));
        assertEquals(List.of("0.3.0"), helm.apiVersions("team/charts", "mychart"));
        assertEquals(200, helm.get("/api/team/charts/charts/mychart/0.3.0").statusCode());
        assertEquals(List.of("0.3.0"), versions(helm.index("team/charts"), "mychart"));
        assertArrayEquals(tgz, helm.get("/helm/team/charts/charts/mychart-0.3.0.tgz").body());
        assertTrue(helm.index("team").path("entries").isEmpty(), "team/charts/mychart is not a chart of Helm repository team");

        byte[] deep = chart("other", "1.0.0");
        assertEquals(201, helm.send("POST", "/api/a/b/c/charts", deep).statusCode());
        assertArrayEquals(deep, helm.get("/helm/a/b/c/charts/other-1.0.0.tgz").body());
        assertEquals(List.of("1.0.0"), helm.tags("a/b/c/other"));

        HttpResponse<byte[]> deleted = helm.delete("/api/team/charts/charts/mychart/0.3.0");
        assertEquals(200, deleted.statusCode(), () -> text(deleted));
        assertTrue(helm.index("team/charts").path("entries").isEmpty());
        assertEquals(List.of(), helm.tags("team/charts/mychart"));
    }

    /**
     * Chart {@code charts} in repository {@code amb} is OCI repository {@code amb/charts}, which is also the namespace
     * of Helm repository {@code amb/charts}. Both Helm repositories work and stay apart; the ChartMuseum paths are
     * read from the end: {@code /api/amb/charts/charts} lists Helm repository {@code amb/charts}, while
     * {@code /api/amb/charts/charts/1.0.0} is version 1.0.0 of chart {@code charts} of {@code amb}.
     */
    @Test
    void aChartNamedChartsAndARepositoryNamedChartsStayApart() {
        byte[] named = chart("charts", "1.0.0");
        byte[] inside = chart("mychart", "2.0.0");
        assertEquals(201, helm.upload("amb", named).statusCode());
        assertEquals(201, helm.upload("amb/charts", inside).statusCode());
        assertEquals(List.of("1.0.0"), helm.tags("amb/charts"));
        assertEquals(List.of("2.0.0"), helm.tags("amb/charts/mychart"));

        assertEquals(List.of("charts"), fieldNames(helm.index("amb").path("entries")));
        assertEquals(List.of("mychart"), fieldNames(helm.index("amb/charts").path("entries")));
        assertArrayEquals(named, helm.get("/helm/amb/charts/charts-1.0.0.tgz").body());
        assertArrayEquals(inside, helm.get("/helm/amb/charts/charts/mychart-2.0.0.tgz").body());
        assertEquals(List.of("charts"), fieldNames(json(helm.get("/api/amb/charts"))));

        // the ambiguous paths: read as Helm repository amb/charts
        assertEquals(List.of("mychart"), fieldNames(json(helm.get("/api/amb/charts/charts"))),
                "/api/amb/charts/charts lists Helm repository amb/charts, not chart 'charts' of amb");
        assertEquals("1.0.0", json(helm.get("/api/amb/charts/charts/1.0.0")).path("version").asText(),
                "/api/amb/charts/charts/1.0.0 describes chart 'charts' of amb");
        HttpResponse<byte[]> delete = helm.delete("/api/amb/charts/charts/1.0.0");
        assertEquals(200, delete.statusCode(), () -> text(delete));
        assertEquals(List.of(), helm.tags("amb/charts"), "chart 'charts' of amb is deleted, and only it");
        assertTrue(helm.index("amb").path("entries").isEmpty(), () -> new String(helm.indexBytes("amb")));
        assertEquals(List.of("2.0.0"), versions(helm.index("amb/charts"), "mychart"));
        assertEquals(List.of("2.0.0"), helm.apiVersions("amb/charts", "mychart"));
    }

    @Test
    void forcingAnUploadChangesTheIndexETag() {
        String repo = "etagged";
        helm.uploadOk(repo, chart("mychart", "1.0.0", "a: 1\n"));
        String before = helm.get("/helm/etagged/index.yaml").headers().firstValue("ETag").orElseThrow();
        assertEquals(201, helm.send("POST", "/api/etagged/charts?force", chart("mychart", "1.0.0", "a: 2\n")).statusCode());
        String after = helm.get("/helm/etagged/index.yaml").headers().firstValue("ETag").orElseThrow();
        assertNotEquals(before, after);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
