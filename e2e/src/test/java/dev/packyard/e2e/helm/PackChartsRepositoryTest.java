package dev.packyard.e2e.helm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.e2e.RegistryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts shipped inside the built-in packs ({@code packs/catalog/<pack>/charts/*.tgz}, published as packs at
 * {@code spectro-packs/archive/<name>}) form the Helm repository {@code spectro-packs}: its index lists every one
 * of them byte for byte, and the real Helm finds and templates them.
 */
class PackChartsRepositoryTest {

    private static final Path BUILTIN_CATALOG = Path.of("../packs/catalog").toAbsolutePath().normalize();
    private static final String REPOSITORY = "spectro-packs";
    /** The catalog's newest Kubernetes, for the charts' kubeVersion constraints. */
    private static final String KUBERNETES = "1.31.2";

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static HelmHttp http;
    /** {@code name-version} → the chart archive in packs/catalog. */
    private static Map<String, CatalogChart> catalogCharts;

    record CatalogChart(String name, String version, Path tgz) {
    }

    @BeforeAll
    static void startServerWithTheBuiltinCatalog() {
        HelmRepo.requireIsolatedHelmHome();
        catalogCharts = catalogCharts();
        server = RegistryProcess.start(tmp.resolve("data")); // no --no-builtin-catalog: its packs carry the charts
        http = new HelmHttp(server.baseUri(), server.log());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theIndexListsEveryChartTheBuiltinPacksCarry() {
        assertTrue(catalogCharts.keySet().containsAll(List.of("cert-manager-v1.15.3", "ingress-nginx-4.11.3",
                "argo-cd-7.7.5")), catalogCharts.keySet()::toString);

        JsonNode entries = http.indexEntries(REPOSITORY);
        Map<String, JsonNode> listed = new TreeMap<>();
        entries.properties().forEach(chart -> chart.getValue().forEach(entry ->
                listed.put(entry.path("name").asText() + "-" + entry.path("version").asText(), entry)));
        assertEquals(catalogCharts.keySet(), listed.keySet(), "the spectro-packs index against packs/catalog/*/charts");

        for (CatalogChart chart : catalogCharts.values()) {
            String key = chart.name() + "-" + chart.version();
            JsonNode entry = listed.get(key);
            byte[] bytes = TestCharts.read(chart.tgz());
            assertEquals(HelmHttp.sha256Hex(bytes), entry.path("digest").asText(), () -> key + ": " + entry);
            assertEquals(List.of("charts/" + key + ".tgz"), HelmRepositoryTest.texts(entry.path("urls")), entry::toString);
            HttpResponse<byte[]> download = http.chartFile(REPOSITORY, key + ".tgz");
            assertEquals(200, download.statusCode(), () -> key + ": " + HelmHttp.text(download));
            assertArrayEquals(bytes, download.body(), key + ": the served chart is not the one in packs/catalog");
        }
    }

    @Test
    void helmFindsAndTemplatesAPackChart() {
        HelmRepo repo = HelmRepo.add(tmp, REPOSITORY, server.baseUri().resolve("/helm/" + REPOSITORY));

        for (String chart : List.of("cert-manager", "ingress-nginx", "argo-cd")) {
            List<String> expected = catalogCharts.values().stream().filter(c -> c.name().equals(chart))
                    .map(CatalogChart::version).sorted().toList();
            List<String> found = new ArrayList<>(repo.versions(chart));
            found.sort(Comparator.naturalOrder());
            assertEquals(expected, found, () -> "helm search repo " + repo.name() + "/" + chart);
        }

        String certManager = repo.template("certs", "cert-manager", "v1.15.3", KUBERNETES);
        assertTrue(certManager.contains("kind: Deployment"), certManager);
        assertTrue(certManager.contains("name: certs-cert-manager"), certManager);
        String ingress = repo.template("edge", "ingress-nginx", "4.10.4", KUBERNETES);
        assertTrue(ingress.contains("kind: Deployment") && ingress.contains("name: edge-ingress-nginx"), ingress);
        String argo = repo.template("gitops", "argo-cd", "7.7.5", KUBERNETES);
        assertTrue(argo.contains("kind: Deployment") && argo.contains("name: gitops-argo"), argo);
    }

    /** Every chart archive in packs/catalog/<pack>/charts, by {@code name-version} of its Chart.yaml. */
    private static Map<String, CatalogChart> catalogCharts() {
        Map<String, CatalogChart> charts = new TreeMap<>();
        try (Stream<Path> files = Files.find(BUILTIN_CATALOG, 3, (path, attributes) -> attributes.isRegularFile()
                && path.getParent().getFileName().toString().equals("charts") && path.toString().endsWith(".tgz"))) {
            for (Path tgz : files.toList()) {
                JsonNode chartYaml = chartYaml(tgz);
                CatalogChart chart = new CatalogChart(chartYaml.path("name").asText(), chartYaml.path("version").asText(), tgz);
                charts.put(chart.name() + "-" + chart.version(), chart);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (charts.isEmpty()) {
            throw new IllegalStateException("no chart archives under " + BUILTIN_CATALOG);
        }
        return charts;
    }

    /** The top folder's Chart.yaml of a chart archive. */
    private static JsonNode chartYaml(Path tgz) throws IOException {
        try (InputStream in = Files.newInputStream(tgz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String[] parts = entry.getName().split("/");
                if (parts.length == 2 && parts[1].equals("Chart.yaml")) {
                    return HelmHttp.YAML.readTree(tar.readAllBytes());
                }
            }
        }
        throw new IllegalStateException(tgz + " has no <chart>/Chart.yaml");
    }
}
