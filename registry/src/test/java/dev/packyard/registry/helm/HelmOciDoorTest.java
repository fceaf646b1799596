package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.packyard.registry.helm.HelmClient.JSON;
import static dev.packyard.registry.helm.HelmClient.config;
import static dev.packyard.registry.helm.HelmClient.text;
import static dev.packyard.registry.helm.HelmClient.versions;
import static dev.packyard.registry.helm.TestCharts.chart;
import static dev.packyard.registry.helm.TestCharts.prov;
import static dev.packyard.registry.helm.TestCharts.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Charts pushed over OCI as {@code helm push} does show up in the Helm repository; bad chart manifests are refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmOciDoorTest {

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
    void aPushedChartIsInTheIndexUntilDeletedByTagOrDigest() {
        byte[] tgz = chart("mychart", "0.1.0");
        byte[] prov = prov("mychart", "0.1.0", tgz);
        HttpResponse<String> pushed = helm.pushOci("oci/mychart", "0.1.0", config("mychart", "0.1.0"), tgz, prov);
        assertEquals(201, pushed.statusCode(), pushed.body());
        String manifestDigest = pushed.headers().firstValue("Docker-Content-Digest").orElseThrow();

        JsonNode entry = HelmClient.entry(helm.index("oci"), "mychart", "0.1.0")
                .orElseThrow(() -> new AssertionError(new String(helm.indexBytes("oci"))));
        assertEquals(sha256Hex(tgz), entry.path("digest").asText());
        assertEquals("2024-05-01T10:00:00Z", entry.path("created").asText(), "created from the manifest's annotation");
        assertEquals("[\"charts/mychart-0.1.0.tgz\"]", entry.path("urls").toString());
        assertArrayEquals(tgz, helm.get("/helm/oci/charts/mychart-0.1.0.tgz").body());
        assertArrayEquals(prov, helm.get("/helm/oci/charts/mychart-0.1.0.tgz.prov").body());
        assertEquals(List.of("0.1.0"), helm.apiVersions("oci", "mychart"));

        HttpResponse<byte[]> byTag = helm.delete("/v2/oci/mychart/manifests/0.1.0");
        assertEquals(202, byTag.statusCode(), () -> text(byTag));
        assertTrue(helm.index("oci").path("entries").isEmpty(), () -> new String(helm.indexBytes("oci")));
        assertEquals(List.of(), helm.apiVersions("oci", "mychart"));
        assertEquals(404, helm.get("/helm/oci/charts/mychart-0.1.0.tgz").statusCode());

        // pushed again under two version-less tags too; a delete by digest removes it with all its tags
        assertEquals(201, helm.pushOci("oci/mychart", "0.1.0", config("mychart", "0.1.0"), tgz, prov).statusCode());
        assertEquals(201, helm.pushOci("oci/mychart", "latest", config("mychart", "0.1.0"), tgz, prov).statusCode());
        assertEquals(List.of("0.1.0"), versions(helm.index("oci"), "mychart"), "'latest' is no version of its own");
        HttpResponse<byte[]> byDigest = helm.delete("/v2/oci/mychart/manifests/" + manifestDigest);
        assertEquals(202, byDigest.statusCode(), () -> text(byDigest));
        assertTrue(helm.index("oci").path("entries").isEmpty(), () -> new String(helm.indexBytes("oci")));
        assertEquals(List.of(), helm.tags("oci/mychart"));
    }

    @Test
    void deletingAnAliasTagKeepsTheVersion() {
        assertTrue(helm.index("alias").path("entries").isEmpty(), "the index is loaded before the pushes");
        byte[] tgz = chart("aliased", "1.0.0");
        assertEquals(201, helm.pushOci("alias/aliased", "1.0.0", config("aliased", "1.0.0"), tgz, null).statusCode());
        assertEquals(List.of("1.0.0"), versions(helm.index("alias"), "aliased"));
        assertEquals(201, helm.pushOci("alias/aliased", "stable", config("aliased", "1.0.0"), tgz, null).statusCode());
        assertEquals(202, helm.delete("/v2/alias/aliased/manifests/stable").statusCode());
        assertEquals(List.of("1.0.0"), versions(helm.index("alias"), "aliased"));
        // a chart pushed only under a version-less tag is not a version of the Helm repository
        assertEquals(201, helm.pushOci("alias/floating", "latest", config("floating", "2.0.0"),
                chart("floating", "2.0.0"), null).statusCode());
        assertEquals(List.of("aliased"), ChartMuseumApiTest.fieldNames(helm.index("alias").path("entries")));
    }

    @Test
    void aBuildVersionIsPushedWithAnUnderscoreTag() {
        byte[] tgz = chart("built", "1.0.0+build.5");
        HttpResponse<String> pushed = helm.pushOci("plus/built", "1.0.0_build.5", config("built", "1.0.0+build.5"), tgz, null);
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertEquals(List.of("1.0.0+build.5"), versions(helm.index("plus"), "built"));
        assertArrayEquals(tgz, helm.get("/helm/plus/charts/built-1.0.0+build.5.tgz").body());
        assertEquals(200, helm.delete("/api/plus/charts/built/1.0.0+build.5").statusCode());
        assertEquals(List.of(), helm.tags("plus/built"), "the ChartMuseum delete removes the OCI tag");
    }

    @Test
    void inconsistentChartsAreRefusedAndNothingIsStored() throws IOException {
        byte[] tgz = chart("mychart", "0.1.0");
        // the Helm repository is not empty, so an unchanged index is a real check
        assertEquals(201, helm.pushOci("strict/mychart", "0.0.1", config("mychart", "0.0.1"), chart("mychart", "0.0.1"),
                null).statusCode());

        refused("config names another chart", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", config("other", "0.1.0"), tgz, null),
                "config names chart other 0.1.0", "mychart 0.1.0");
        refused("config names another version", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", config("mychart", "0.2.0"), tgz, null), "0.2.0", "0.1.0");
        refused("chart pushed to a repository not named after it", "strict/wrongname", "0.1.0",
                helm.pushBlobs("strict/wrongname", config("mychart", "0.1.0"), tgz, null),
                "strict/wrongname", "strict/mychart:0.1.0");
        refused("a version tag that is not the chart's version", "strict/mychart", "9.9.9",
                helm.pushBlobs("strict/mychart", config("mychart", "0.1.0"), tgz, null), "tag 9.9.9", "0.1.0");
        refused("config that is not JSON", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", "name: mychart".getBytes(StandardCharsets.UTF_8), tgz, null), "JSON");
        refused("config with an invalid version", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", config("mychart", "latest"), tgz, null), "'latest'");
        refused("chart layer that is no chart", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", config("mychart", "0.1.0"), "not a tgz".getBytes(StandardCharsets.UTF_8),
                        null), "not a valid chart package", "not gzip");
        refused("chart layer with a zip-slip", "strict/mychart", "0.1.0",
                helm.pushBlobs("strict/mychart", config("mychart", "0.1.0"), TestCharts.tgz(tar -> {
                    TestCharts.file(tar, "mychart/Chart.yaml", TestCharts.chartYaml("mychart", "0.1.0"));
                    TestCharts.file(tar, "../evil", "owned");
                }), null), "'../evil'");

        ObjectNode twoCharts = (ObjectNode) JSON.readTree(helm.pushBlobs("strict/mychart", config("mychart", "0.1.0"), tgz,
                null));
        twoCharts.withArray("layers").add(twoCharts.withArray("layers").get(0).deepCopy());
        refused("two chart layers", "strict/mychart", "0.1.0", HelmClient.manifestBytes(twoCharts), "exactly one chart layer");
        ObjectNode twoProvs = (ObjectNode) JSON.readTree(helm.pushBlobs("strict/mychart", config("mychart", "0.1.0"), tgz,
                prov("mychart", "0.1.0", tgz)));
        twoProvs.withArray("layers").add(twoProvs.withArray("layers").get(1).deepCopy());
        refused("two provenance layers", "strict/mychart", "0.1.0", HelmClient.manifestBytes(twoProvs), "provenance");

        // the same blobs, consistent, are accepted
        HttpResponse<String> good = helm.pushOci("strict/mychart", "0.1.0", config("mychart", "0.1.0"), tgz, null);
        assertEquals(201, good.statusCode(), good.body());
        assertEquals(List.of("0.1.0", "0.0.1"), versions(helm.index("strict"), "mychart"));
    }

    @Test
    void aChartOutsideAnyNamespaceIsStoredButInNoHelmRepository() {
        HttpResponse<String> pushed = helm.pushOci("toplevel", "1.0.0", config("toplevel", "1.0.0"),
                chart("toplevel", "1.0.0"), null);
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertEquals(List.of("1.0.0"), helm.tags("toplevel"));
        assertEquals(202, helm.delete("/v2/toplevel/manifests/1.0.0").statusCode());
    }

    private void refused(String what, String repository, String tag, byte[] manifest, String... mentions)
            throws IOException {
        String helmRepository = repository.substring(0, repository.lastIndexOf('/'));
        byte[] indexBefore = helm.indexBytes(helmRepository);
        List<String> tagsBefore = helm.tags(repository);
        String apiBefore = text(helm.get("/api/" + helmRepository + "/charts"));

        HttpResponse<String> response = helm.putManifest(repository, tag, manifest);
        assertEquals(400, response.statusCode(), what + ": " + response.body());
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertEquals("MANIFEST_INVALID", error.path("code").asText(), what + ": " + response.body());
        for (String mention : mentions) {
            assertTrue(error.path("message").asText().contains(mention),
                    what + ": '" + mention + "' missing from " + response.body());
        }
        assertArrayEquals(indexBefore, helm.indexBytes(helmRepository), what + ": index.yaml changed");
        assertEquals(tagsBefore, helm.tags(repository), what + ": tags changed");
        assertEquals(apiBefore, text(helm.get("/api/" + helmRepository + "/charts")), what + ": listing changed");
        String digest = TestRegistry.sha256(manifest);
        assertEquals(404, helm.get("/v2/" + repository + "/manifests/" + digest).statusCode(),
                what + ": the refused manifest was stored");
    }
}
