package dev.packyard.e2e.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.helm.HelmHttp.Part;
import dev.packyard.e2e.helm.TestCharts.Packaged;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads through the ChartMuseum API that are not charts, each sent raw and as multipart/form-data: a corrupt
 * .tgz, a tgz without Chart.yaml, a chart whose version is not SemVer, a tar with a {@code ../} entry. Each is
 * refused with 400 and a JSON error message, and leaves the repository as it was: the API's list, index.yaml's
 * entries and the registry's catalog.
 */
class BadChartUploadTest {

    private static final String NAMESPACE = "helm-e2e/bad";

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static HelmHttp http;
    private static Packaged good;

    @BeforeAll
    static void startServerWithOneGoodChart() {
        HelmRepo.requireIsolatedHelmHome();
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new HelmHttp(server.baseUri(), server.log());
        good = TestCharts.chart(tmp.resolve("good"), "good", "1.0.0");
        HttpResponse<byte[]> saved = http.postRaw("/api/" + NAMESPACE + "/charts", good.bytes());
        assertEquals(201, saved.statusCode(), () -> HelmHttp.text(saved) + http.logTail());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> badCharts() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("a truncated .tgz", TestCharts.truncated(TestCharts.chart(tmp.resolve("truncated"), "cut", "1.0.0").bytes()));
        bad.put("bytes that are no gzip", "this is not a chart archive\n".repeat(20).getBytes(StandardCharsets.UTF_8));

        Map<String, String> noChartYaml = new LinkedHashMap<>(TestCharts.chartFiles("nochart", "1.0.0"));
        noChartYaml.remove("Chart.yaml");
        bad.put("a tgz without Chart.yaml", TestCharts.tgz(TestCharts.underFolder("nochart", noChartYaml)));

        bad.put("a Chart.yaml version that is not SemVer",
                TestCharts.tgz(TestCharts.underFolder("notsemver", TestCharts.chartFiles("notsemver", "not-semver"))));

        Map<String, String> escaping = new LinkedHashMap<>(TestCharts.underFolder("evil", TestCharts.chartFiles("evil", "1.0.0")));
        escaping.put("../evil", "written outside the chart folder\n");
        bad.put("a tar with a ../evil entry", TestCharts.tgz(escaping));

        return bad.entrySet().stream().flatMap(e -> Stream.of(
                Arguments.of(e.getKey(), "raw", e.getValue()),
                Arguments.of(e.getKey(), "multipart", e.getValue())));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("badCharts")
    void isRefusedWith400AndChangesNothing(String what, String how, byte[] upload) {
        JsonNode apiBefore = apiCharts();
        JsonNode entriesBefore = http.indexEntries(NAMESPACE);
        JsonNode catalogBefore = catalog();
        assertEquals(List.of("1.0.0"), versionsOfGood(apiBefore), "the good chart is there before: " + apiBefore);

        HttpResponse<byte[]> response = how.equals("raw")
                ? http.postRaw("/api/" + NAMESPACE + "/charts", upload)
                : http.postMultipart("/api/" + NAMESPACE + "/charts", new Part("chart", "bad-1.0.0.tgz", upload));
        assertEquals(400, response.statusCode(), () -> what + " (" + how + "): " + HelmHttp.text(response) + http.logTail());
        ChartMuseumApiTest.assertError(response);

        assertEquals(apiBefore, apiCharts(), "GET /api/" + NAMESPACE + "/charts changed after " + what);
        assertEquals(entriesBefore, http.indexEntries(NAMESPACE), "index.yaml's entries changed after " + what);
        assertEquals(catalogBefore, catalog(), "the registry's catalog changed after " + what);
    }

    private static JsonNode apiCharts() {
        HttpResponse<byte[]> response = http.get("/api/" + NAMESPACE + "/charts");
        assertEquals(200, response.statusCode(), () -> HelmHttp.text(response) + http.logTail());
        return HelmHttp.parse(response);
    }

    private static JsonNode catalog() {
        HttpResponse<byte[]> response = http.get("/v2/_catalog?n=10000");
        assertEquals(200, response.statusCode(), () -> HelmHttp.text(response));
        return HelmHttp.parse(response);
    }

    private static List<String> versionsOfGood(JsonNode api) {
        return api.path("good").findValuesAsText("version");
    }
}
