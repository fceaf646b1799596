package dev.packyard.e2e.helm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.helm.TestCharts.Packaged;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic Helm repository over the OCI namespace, driven by the real Helm client (helm-java): charts pushed
 * with {@code helm push oci://HOST/R} are listed by {@code GET /helm/R/index.yaml}, found by {@code helm repo add},
 * {@code repo update} and {@code search repo}, and fetched by {@code helm template R/NAME --version V}; a version
 * deleted through the ChartMuseum API leaves the index, the search and the registry.
 */
class HelmRepositoryTest {

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
    void chartsPushedOverOciAreFoundAndTemplatedFromTheClassicRepository() {
        String namespace = "team/charts"; // a repository of several segments
        push(TestCharts.chart(tmp.resolve("classic-1.0.0"), "web", "1.0.0"), namespace);
        push(TestCharts.chart(tmp.resolve("classic-1.1.0"), "web", "1.1.0"), namespace);

        HelmRepo repo = HelmRepo.add(tmp, "team", helmRepoUrl(namespace));
        assertEquals(List.of("1.1.0", "1.0.0"), repo.versions("web"), () -> "helm search repo " + repo.name() + "/web");

        String rendered = repo.template("classic", "web", "1.0.0");
        assertTrue(rendered.contains("name: classic-web") && rendered.contains("chartVersion: \"1.0.0\""), rendered);

        // helm show of the chart's URL in the repository downloads it directly
        String shown = Helm.show(helmRepoUrl(namespace) + "/charts/web-1.1.0.tgz").chart().call();
        assertTrue(shown.contains("name: web") && shown.contains("version: 1.1.0"), shown);

        // a version pushed later shows up after helm repo update, not before
        push(TestCharts.chart(tmp.resolve("classic-1.2.0"), "web", "1.2.0"), namespace);
        assertEquals(List.of("1.1.0", "1.0.0"), repo.versions("web"), "Helm searches its cached index until updated");
        repo.update();
        assertEquals(List.of("1.2.0", "1.1.0", "1.0.0"), repo.versions("web"));
        String newest = repo.template("newest", "web", "1.2.0");
        assertTrue(newest.contains("chartVersion: \"1.2.0\""), newest);
    }

    @Test
    void theIndexIsHelmsFormatWithRelativeUrlsAndBareDigests() {
        String namespace = "helm-e2e/index";
        Packaged alpha = TestCharts.chart(tmp.resolve("index-alpha"), "alpha", "0.1.0");
        Packaged beta = TestCharts.chart(tmp.resolve("index-beta"), "beta", "0.2.0+ci.5");
        push(alpha, namespace);
        push(beta, namespace);

        JsonNode index = http.indexYaml(namespace);
        assertEquals("v1", index.path("apiVersion").asText(), index::toPrettyString);
        assertTrue(index.hasNonNull("generated"), index::toPrettyString);
        JsonNode entries = index.path("entries");
        assertEquals(Set.of("alpha", "beta"), fieldNames(entries), index::toPrettyString);
        for (Packaged chart : List.of(alpha, beta)) {
            JsonNode versions = entries.path(chart.name());
            assertEquals(1, versions.size(), index::toPrettyString);
            JsonNode entry = versions.get(0);
            assertEquals(chart.name(), entry.path("name").asText(), entry::toPrettyString);
            assertEquals(chart.version(), entry.path("version").asText(), entry::toPrettyString);
            assertEquals("v2", entry.path("apiVersion").asText(), entry::toPrettyString);
            assertEquals("1.0.0", entry.path("appVersion").asText(), entry::toPrettyString);
            assertTrue(entry.hasNonNull("created"), entry::toPrettyString);
            assertEquals(List.of("charts/" + chart.fileName()), texts(entry.path("urls")), entry::toPrettyString);
            assertEquals(HelmHttp.sha256Hex(chart.bytes()), entry.path("digest").asText(),
                    "index.yaml's digest is the bare hex SHA-256 of the .tgz");

            HttpResponse<byte[]> download = http.chartFile(namespace, chart.fileName());
            assertEquals(200, download.statusCode(), () -> "GET /helm/" + namespace + "/charts/" + chart.fileName()
                    + http.logTail());
            assertArrayEquals(chart.bytes(), download.body(), "the served .tgz is not the one helm package wrote");
        }
        assertEquals(404, http.chartFile(namespace, "alpha-9.9.9.tgz").statusCode());
        assertEquals(404, http.chartFile(namespace, "alpha-0.1.0.tgz.prov").statusCode(), "alpha was not signed");

        // Helm reads it: the + of a version in the relative URL survives the download
        HelmRepo repo = HelmRepo.add(tmp, "index", helmRepoUrl(namespace));
        assertEquals(List.of("0.2.0+ci.5"), repo.versions("beta"));
        String rendered = repo.template("plus", "beta", "0.2.0+ci.5");
        assertTrue(rendered.contains("chartVersion: \"0.2.0+ci.5\""), rendered);
    }

    @Test
    void theIndexAnswers304ForItsETagUntilTheRepositoryChanges() {
        String namespace = "helm-e2e/etag";
        push(TestCharts.chart(tmp.resolve("etag-1"), "tagged", "1.0.0"), namespace);

        HttpResponse<byte[]> first = http.index(namespace);
        assertEquals(200, first.statusCode(), http.logTail());
        String etag = first.headers().firstValue("ETag").orElse(null);
        assertTrue(etag != null && !etag.isBlank(), () -> "no ETag on index.yaml: " + first.headers().map());

        HttpResponse<byte[]> unchanged = http.index(namespace, "If-None-Match", etag);
        assertEquals(304, unchanged.statusCode(), () -> "If-None-Match " + etag + ": " + HelmHttp.text(unchanged));
        assertEquals(0, unchanged.body().length);

        push(TestCharts.chart(tmp.resolve("etag-2"), "tagged", "1.1.0"), namespace);
        HttpResponse<byte[]> changed = http.index(namespace, "If-None-Match", etag);
        assertEquals(200, changed.statusCode(), "a new version must change the index and its ETag");
        String newEtag = changed.headers().firstValue("ETag").orElse(null);
        assertNotEquals(etag, newEtag);
        assertTrue(HelmHttp.text(changed).contains("1.1.0"), () -> HelmHttp.text(changed));
    }

    @Test
    void anEmptyOrUnknownRepositoryHasAnIndexWithNoEntries() {
        for (String namespace : List.of("helm-e2e/never-used", "no/such/repository/at/all")) {
            JsonNode index = http.indexYaml(namespace);
            assertEquals("v1", index.path("apiVersion").asText(), index::toPrettyString);
            assertEquals(0, index.path("entries").size(), index::toPrettyString);
        }
        HelmRepo repo = HelmRepo.add(tmp, "empty", helmRepoUrl("helm-e2e/never-used"));
        assertEquals(List.of(), repo.search(""), "an empty repository has nothing to find");
    }

    @Test
    void aVersionDeletedThroughTheApiLeavesSearchTheIndexAndTheRegistry() {
        String namespace = "helm-e2e/deleted";
        push(TestCharts.chart(tmp.resolve("deleted-1"), "gone", "1.0.0"), namespace);
        push(TestCharts.chart(tmp.resolve("deleted-2"), "gone", "2.0.0"), namespace);
        HelmRepo repo = HelmRepo.add(tmp, "deleted", helmRepoUrl(namespace));
        assertEquals(List.of("2.0.0", "1.0.0"), repo.versions("gone"));

        HttpResponse<byte[]> deleted = http.delete("/api/" + namespace + "/charts/gone/1.0.0");
        assertEquals(200, deleted.statusCode(), () -> HelmHttp.text(deleted) + http.logTail());
        assertTrue(HelmHttp.parse(deleted).path("deleted").asBoolean(), () -> HelmHttp.text(deleted));

        repo.update();
        assertEquals(List.of("2.0.0"), repo.versions("gone"), "helm search repo after the delete and repo update");
        assertEquals(List.of("2.0.0"), http.tags(namespace + "/gone"), "the OCI tag 1.0.0 must be gone");
        assertEquals(404, http.manifest(namespace + "/gone", "1.0.0").statusCode());
        assertEquals(404, http.chartFile(namespace, "gone-1.0.0.tgz").statusCode());
        assertThrows(IllegalStateException.class, () -> repo.template("gone", "gone", "1.0.0"));
        assertThrows(IllegalStateException.class, () -> Helm.template(oci(namespace + "/gone")).withVersion("1.0.0")
                .plainHttp().call());
        String remaining = repo.template("remaining", "gone", "2.0.0");
        assertTrue(remaining.contains("chartVersion: \"2.0.0\""), remaining);
    }

    @Test
    void aProvenancePushedWithTheChartIsServedByteIdentical() {
        String namespace = "helm-e2e/provenance";
        TestKeyring keyring = TestKeyring.generate(tmp.resolve("gpg"));
        Packaged signed = TestCharts.signedChart(tmp.resolve("prov"), "proven", "1.0.0", keyring);
        push(signed, namespace); // helm push uploads proven-1.0.0.tgz.prov as a layer

        HttpResponse<byte[]> prov = http.chartFile(namespace, "proven-1.0.0.tgz.prov");
        assertEquals(200, prov.statusCode(), () -> HelmHttp.text(prov) + http.logTail());
        assertArrayEquals(signed.provBytes(), prov.body(), "the served .prov is not the one helm package --sign wrote");
        assertArrayEquals(signed.bytes(), http.chartFile(namespace, "proven-1.0.0.tgz").body());
    }

    /** {@code helm push <tgz> oci://HOST/<namespace> --plain-http}. */
    private static void push(Packaged chart, String namespace) {
        Helm.push().withChart(chart.tgz()).withRemote(URI.create(oci(namespace))).plainHttp().call();
    }

    private static String oci(String path) {
        return "oci://" + server.hostPort() + "/" + path;
    }

    private static URI helmRepoUrl(String namespace) {
        return server.baseUri().resolve("/helm/" + namespace);
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
