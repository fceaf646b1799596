package dev.packyard.e2e.helm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.helm.TestCharts.Packaged;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's OCI door, driven by the real Helm client (helm-java): {@code helm push} of packaged and signed charts,
 * {@code helm show} and {@code helm template} of {@code oci://} references (which fetch the chart as
 * {@code helm pull} does), the manifest Helm writes as the registry stores it, and Helm's mapping of a version's
 * {@code +} to a tag's {@code _}.
 */
class HelmOciTest {

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
    void pushThenShowAndTemplateFromOci() {
        Packaged chart = TestCharts.chart(tmp.resolve("hello"), "hello", "0.1.0");
        String pushed = push(chart, "helm-e2e/oci");
        String ref = oci("helm-e2e/oci/hello");

        String digest = http.manifest("helm-e2e/oci/hello", "0.1.0").headers().firstValue("Docker-Content-Digest").orElse("");
        assertTrue(digest.startsWith("sha256:") && pushed.contains(digest),
                () -> "helm push reported\n" + pushed + "\nbut the registry holds " + digest);

        String showChart = Helm.show(ref).chart().withVersion("0.1.0").plainHttp().call();
        assertTrue(showChart.contains("name: hello") && showChart.contains("version: 0.1.0"), showChart);
        String showValues = Helm.show(ref).values().withVersion("0.1.0").plainHttp().call();
        assertTrue(showValues.contains("greeting: " + TestCharts.GREETING), showValues);
        String showAll = Helm.show(ref).all().withVersion("0.1.0").plainHttp().call();
        assertTrue(showAll.contains("name: hello") && showAll.contains("greeting: " + TestCharts.GREETING), showAll);

        String rendered = Helm.template(ref).withName("oci-release").withVersion("0.1.0").plainHttp()
                .set("greeting", "set on the command line").call();
        assertTrue(rendered.contains("name: oci-release-hello"), rendered);
        assertTrue(rendered.contains("chartVersion: \"0.1.0\""), rendered);
        assertTrue(rendered.contains("greeting: \"set on the command line\""), rendered);
    }

    @Test
    void helmsMediaTypesLandAsPushed() {
        Packaged chart = TestCharts.chart(tmp.resolve("media"), "media-types", "2.0.0");
        push(chart, "helm-e2e/media");

        HttpResponse<byte[]> response = http.manifest("helm-e2e/media/media-types", "2.0.0");
        assertEquals(200, response.statusCode(), () -> HelmHttp.text(response) + http.logTail());
        assertEquals(HelmHttp.OCI_MANIFEST, HelmHttp.contentType(response));
        JsonNode manifest = HelmHttp.parse(response);
        assertFalse(manifest.has("mediaType"), () -> "Helm writes no mediaType field, the stored manifest has one:\n"
                + manifest.toPrettyString());
        assertEquals(2, manifest.path("schemaVersion").asInt());

        JsonNode config = manifest.path("config");
        assertEquals(HelmHttp.HELM_CONFIG, config.path("mediaType").asText(), manifest::toPrettyString);
        byte[] configBlob = http.blob("helm-e2e/media/media-types", config.path("digest").asText());
        assertEquals(config.path("size").asLong(), configBlob.length);
        JsonNode chartMetadata = readJson(configBlob);
        assertEquals("media-types", chartMetadata.path("name").asText(), chartMetadata::toString);
        assertEquals("2.0.0", chartMetadata.path("version").asText(), chartMetadata::toString);

        JsonNode layers = manifest.path("layers");
        assertEquals(1, layers.size(), manifest::toPrettyString);
        JsonNode layer = layers.get(0);
        assertEquals(HelmHttp.HELM_CHART_LAYER, layer.path("mediaType").asText(), manifest::toPrettyString);
        assertEquals("sha256:" + HelmHttp.sha256Hex(chart.bytes()), layer.path("digest").asText(),
                "the chart layer is not the .tgz helm package wrote");
        assertEquals(chart.bytes().length, layer.path("size").asLong());
        assertArrayEquals(chart.bytes(), http.blob("helm-e2e/media/media-types", layer.path("digest").asText()));

        JsonNode annotations = manifest.path("annotations");
        assertEquals("media-types", annotations.path("org.opencontainers.image.title").asText(), manifest::toPrettyString);
        assertEquals("2.0.0", annotations.path("org.opencontainers.image.version").asText(), manifest::toPrettyString);
    }

    @Test
    void aVersionsPlusBecomesAnUnderscoreInTheTag() {
        Packaged chart = TestCharts.chart(tmp.resolve("build"), "build-meta", "1.2.3+build.7");
        push(chart, "helm-e2e/semver");

        assertEquals(List.of("1.2.3_build.7"), http.tags("helm-e2e/semver/build-meta"));
        JsonNode manifest = http.manifestJson("helm-e2e/semver/build-meta", "1.2.3_build.7");
        assertEquals("1.2.3+build.7", manifest.path("annotations").path("org.opencontainers.image.version").asText(),
                manifest::toPrettyString);

        String ref = oci("helm-e2e/semver/build-meta");
        String showChart = Helm.show(ref).chart().withVersion("1.2.3+build.7").plainHttp().call();
        assertTrue(showChart.contains("version: 1.2.3+build.7"), showChart);
        String rendered = Helm.template(ref).withName("semver").withVersion("1.2.3+build.7").plainHttp().call();
        assertTrue(rendered.contains("chartVersion: \"1.2.3+build.7\""), rendered);
    }

    @Test
    void aSignedChartPushesItsProvenanceAsALayer() {
        TestKeyring keyring = TestKeyring.generate(tmp.resolve("gpg"));
        Packaged chart = TestCharts.signedChart(tmp.resolve("signed"), "signed", "3.1.0", keyring);
        String prov = new String(chart.provBytes(), StandardCharsets.UTF_8);
        assertTrue(prov.startsWith("-----BEGIN PGP SIGNED MESSAGE-----"), prov);
        assertTrue(prov.contains("signed-3.1.0.tgz: sha256:" + HelmHttp.sha256Hex(chart.bytes())),
                () -> "the .prov does not name the chart's digest:\n" + prov);
        assertTrue(prov.contains("-----BEGIN PGP SIGNATURE-----"), prov);

        push(chart, "helm-e2e/signed"); // helm push finds signed-3.1.0.tgz.prov next to the .tgz and uploads it

        JsonNode manifest = http.manifestJson("helm-e2e/signed/signed", "3.1.0");
        JsonNode layers = manifest.path("layers");
        assertEquals(2, layers.size(), manifest::toPrettyString);
        JsonNode chartLayer = null;
        JsonNode provLayer = null;
        for (JsonNode layer : layers) {
            switch (layer.path("mediaType").asText()) {
                case HelmHttp.HELM_CHART_LAYER -> chartLayer = layer;
                case HelmHttp.HELM_PROV_LAYER -> provLayer = layer;
                default -> throw new AssertionError("unexpected layer " + layer);
            }
        }
        assertTrue(chartLayer != null && provLayer != null, manifest::toPrettyString);
        assertArrayEquals(chart.bytes(), http.blob("helm-e2e/signed/signed", chartLayer.path("digest").asText()));
        assertArrayEquals(chart.provBytes(), http.blob("helm-e2e/signed/signed", provLayer.path("digest").asText()),
                "the provenance layer is not the .prov helm package --sign wrote");

        String rendered = Helm.template(oci("helm-e2e/signed/signed")).withName("signed").withVersion("3.1.0")
                .plainHttp().call();
        assertTrue(rendered.contains("chartVersion: \"3.1.0\""), rendered);
    }

    @Test
    void aVersionNeverPushedIsHelmsError() {
        Packaged chart = TestCharts.chart(tmp.resolve("missing"), "only-one", "1.0.0");
        push(chart, "helm-e2e/missing");

        // helm-java turns Helm's error into an IllegalStateException carrying Helm's message
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Helm.template(oci("helm-e2e/missing/only-one")).withVersion("9.9.9").plainHttp().call());
        assertTrue(error.getMessage().contains("9.9.9"), error::getMessage);
        IllegalStateException noRepository = assertThrows(IllegalStateException.class,
                () -> Helm.show(oci("helm-e2e/missing/never-pushed")).chart().withVersion("1.0.0").plainHttp().call());
        assertTrue(noRepository.getMessage().contains("not found"), noRepository::getMessage);
    }

    /** {@code helm push <tgz> oci://HOST/<namespace> --plain-http}; returns Helm's output. */
    private static String push(Packaged chart, String namespace) {
        return Helm.push().withChart(chart.tgz()).withRemote(URI.create(oci(namespace))).plainHttp().call();
    }

    private static String oci(String path) {
        return "oci://" + server.hostPort() + "/" + path;
    }

    private static JsonNode readJson(byte[] json) {
        try {
            return HelmHttp.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
