package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static dev.packyard.registry.helm.ChartMuseumApiTest.fieldNames;
import static dev.packyard.registry.helm.HelmClient.text;
import static dev.packyard.registry.helm.HelmClient.versions;
import static dev.packyard.registry.helm.TestCharts.chart;
import static dev.packyard.registry.helm.TestCharts.file;
import static dev.packyard.registry.helm.TestCharts.sha256Hex;
import static dev.packyard.registry.helm.TestCharts.tgz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /helm/R/index.yaml}: Helm's shape and fields, caching (ETag, 304), gzip, and rebuilding after a restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmRepositoryIndexTest {

    /** Helm's {@code repo.ChartVersion}: {@code chart.Metadata} plus the repository's fields. */
    private static final Set<String> HELM_CHART_VERSION_FIELDS = Set.of("name", "home", "sources", "version",
            "description", "keywords", "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion",
            "deprecated", "annotations", "kubeVersion", "dependencies", "type", "urls", "created", "removed", "digest");
    /** Helm's {@code repo.IndexFile}. */
    private static final Set<String> HELM_INDEX_FIELDS = Set.of("serverInfo", "apiVersion", "generated", "entries",
            "publicKeys", "annotations");
    private static final Set<String> HELM_MAINTAINER_FIELDS = Set.of("name", "email", "url");
    private static final Set<String> HELM_DEPENDENCY_FIELDS = Set.of("name", "version", "repository", "condition",
            "tags", "enabled", "import-values", "alias");

    private static final String RICH_CHART_YAML = """
            apiVersion: v2
            name: rich
            version: 1.2.3
            kubeVersion: ">=1.25.0-0"
            description: "yes"
            type: application
            keywords: ["on", "null", "1_000", "0x1F", "1e3", "012", "~", "true", "y", "1.10"]
            home: https://example.com/rich
            sources: [https://github.com/example/rich]
            icon: https://example.com/icon.png
            appVersion: "1.10"
            deprecated: true
            condition: rich.enabled
            tags: "off"
            annotations:
              category: "no"
              example.com/level: "3.0"
            maintainers:
              - name: Jane
                email: jane@example.com
                url: https://example.com/jane
                twitter: "@jane"
            dependencies:
              - name: common
                version: 2.x.x
                repository: https://charts.example.com
                condition: common.enabled
                tags: [base]
                alias: base-common
                import-values: [data]
                unknownDependencyField: 1
            x-custom-field: not for Helm
            """;

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
    void anUnknownRepositoryHasAnEmptyIndex() {
        HttpResponse<byte[]> response = helm.get("/helm/nobody/here/index.yaml");
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals("application/yaml", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode index = HelmClient.parseYaml(response.body());
        assertEquals("v1", index.path("apiVersion").asText(), text(response));
        assertTrue(index.path("entries").isObject() && index.path("entries").isEmpty(), text(response));
        assertTrue(HELM_INDEX_FIELDS.containsAll(fieldNames(index)), text(response));
        assertTrue(text(response).contains("entries: {}"), text(response));
    }

    @Test
    void entriesCarryOnlyHelmsFieldsWithHelmsTypes() throws Exception {
        byte[] rich = tgz(tar -> {
            file(tar, "rich/Chart.yaml", RICH_CHART_YAML);
            file(tar, "rich/values.yaml", "a: 1\n");
        });
        helm.uploadOk("fields", rich);
        helm.uploadOk("fields", chart("true", "1.0.0"));
        helm.uploadOk("fields", chart("1.0", "2.0.0"));
        byte[] yaml = helm.indexBytes("fields");
        String text = new String(yaml, StandardCharsets.UTF_8);
        JsonNode index = HelmClient.parseYaml(yaml);
        assertTrue(HELM_INDEX_FIELDS.containsAll(fieldNames(index)), text);
        assertEquals("v1", index.path("apiVersion").asText());
        OffsetDateTime.parse(index.path("generated").asText());
        assertEquals(List.of("1.0", "rich", "true"), fieldNames(index.path("entries")), text);

        for (JsonNode versions : index.path("entries")) {
            for (JsonNode entry : versions) {
                List<String> keys = fieldNames(entry);
                assertTrue(HELM_CHART_VERSION_FIELDS.containsAll(keys), "fields Helm's strict loader rejects: "
                        + keys.stream().filter(k -> !HELM_CHART_VERSION_FIELDS.contains(k)).toList() + "\n" + text);
                assertEquals("[\"charts/" + entry.path("name").asText() + "-" + entry.path("version").asText()
                        + ".tgz\"]", entry.path("urls").toString(), text);
                assertTrue(entry.path("digest").asText().matches("[0-9a-f]{64}"), text);
                OffsetDateTime.parse(entry.path("created").asText());
            }
        }
        JsonNode entry = HelmClient.entry(index, "rich", "1.2.3").orElseThrow();
        assertEquals(sha256Hex(rich), entry.path("digest").asText());
        assertFalse(entry.has("x-custom-field"), text);
        assertEquals(HELM_MAINTAINER_FIELDS, Set.copyOf(fieldNames(entry.path("maintainers").get(0))), text);
        assertTrue(HELM_DEPENDENCY_FIELDS.containsAll(fieldNames(entry.path("dependencies").get(0))), text);
        assertEquals(">=1.25.0-0", entry.path("kubeVersion").asText());
        assertTrue(entry.path("deprecated").isBoolean() && entry.path("deprecated").asBoolean(), text);

        // Helm reads index.yaml as YAML 1.1 (go-yaml v2): yes, on, 1_000, 0x1F, 1e3, 012, ~, 1.10 must be quoted
        // to stay strings. SnakeYAML resolves plain scalars by YAML 1.1 too.
        Map<String, Object> loaded = new Yaml().load(new ByteArrayInputStream(yaml));
        @SuppressWarnings("unchecked")
        Map<Object, Object> entries = (Map<Object, Object>) loaded.get("entries");
        for (Object name : entries.keySet()) {
            assertInstanceOf(String.class, name, "chart name " + name + " must stay a string key\n" + text);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> richEntry = ((List<Map<String, Object>>) entries.get("rich")).get(0);
        assertEquals("yes", richEntry.get("description"), text);
        assertEquals("1.10", richEntry.get("appVersion"), text);
        assertEquals("off", richEntry.get("tags"), text);
        assertEquals(List.of("on", "null", "1_000", "0x1F", "1e3", "012", "~", "true", "y", "1.10"),
                richEntry.get("keywords"), text);
        assertEquals(Map.of("category", "no", "example.com/level", "3.0"), richEntry.get("annotations"), text);
        assertInstanceOf(String.class, richEntry.get("created"), "created must be a quoted string, as Helm writes it");
        assertInstanceOf(String.class, richEntry.get("version"), text);
        assertInstanceOf(String.class, loaded.get("generated"), text);
    }

    @Test
    void theIndexAnswers304ForItsETagUntilItChanges() {
        helm.uploadOk("cache", chart("mychart", "1.0.0"));
        HttpResponse<byte[]> first = helm.get("/helm/cache/index.yaml");
        assertEquals(200, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError(first.headers().map()));
        assertTrue(etag.matches("\"[^\"]+\""), "a strong, quoted ETag: " + etag);
        assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElse(""));

        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<byte[]> again = helm.get("/helm/cache/index.yaml", "If-None-Match", ifNoneMatch);
            assertEquals(304, again.statusCode(), "If-None-Match: " + ifNoneMatch);
            assertEquals(0, again.body().length, "a 304 has no body");
            assertEquals(etag, again.headers().firstValue("ETag").orElse(""));
        }
        assertEquals(200, helm.get("/helm/cache/index.yaml", "If-None-Match", "\"other\"").statusCode());
        assertArrayEquals(first.body(), helm.indexBytes("cache"), "unchanged repository, same bytes");

        HttpResponse<byte[]> head = helm.send("HEAD", "/helm/cache/index.yaml", null);
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(String.valueOf(first.body().length), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(etag, head.headers().firstValue("ETag").orElse(""));

        helm.uploadOk("cache", chart("mychart", "1.1.0"));
        HttpResponse<byte[]> changed = helm.get("/helm/cache/index.yaml", "If-None-Match", etag);
        assertEquals(200, changed.statusCode(), "a new version changes the index");
        assertNotEquals(etag, changed.headers().firstValue("ETag").orElse(""));
        assertEquals(List.of("1.1.0", "1.0.0"), versions(HelmClient.parseYaml(changed.body()), "mychart"));

        assertEquals(200, helm.delete("/api/cache/charts/mychart/1.1.0").statusCode());
        HttpResponse<byte[]> afterDelete = helm.get("/helm/cache/index.yaml",
                "If-None-Match", changed.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, afterDelete.statusCode(), "a delete changes the index");
        assertEquals(List.of("1.0.0"), versions(HelmClient.parseYaml(afterDelete.body()), "mychart"));
    }

    @Test
    void theIndexIsGzippedWhenAsked() throws IOException {
        for (int i = 0; i < 20; i++) {
            helm.uploadOk("zipped", chart("mychart", "1." + i + ".0"));
        }
        byte[] plain = helm.indexBytes("zipped");
        HttpResponse<byte[]> zipped = helm.get("/helm/zipped/index.yaml", "Accept-Encoding", "gzip");
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(zipped.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"));
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertArrayEquals(plain, unzipped, "gzip carries the same index");
        assertTrue(zipped.body().length < plain.length / 3, zipped.body().length + " vs " + plain.length);

        HttpResponse<byte[]> refused = helm.get("/helm/zipped/index.yaml", "Accept-Encoding", "gzip;q=0, identity");
        assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty(), "gzip;q=0 means no gzip");
        assertArrayEquals(plain, refused.body());
        HttpResponse<byte[]> listed = helm.get("/helm/zipped/index.yaml", "Accept-Encoding", "br, GZIP;q=0.5");
        assertEquals("gzip", listed.headers().firstValue("Content-Encoding").orElse(""));
        HttpResponse<byte[]> none = helm.get("/helm/zipped/index.yaml", "Accept-Encoding", "br");
        assertTrue(none.headers().firstValue("Content-Encoding").isEmpty());
        assertArrayEquals(plain, none.body());
    }

    @Test
    void aRestartRebuildsTheSameIndex(@TempDir Path data) throws Exception {
        String etag;
        byte[] before;
        try (TestRegistry first = new TestRegistry(data, false)) {
            HelmClient client = new HelmClient(first);
            byte[] signed = chart("mychart", "1.0.0");
            HttpResponse<byte[]> saved = client.uploadMultipart("/api/r/charts",
                    TestCharts.Multipart.of("chart", signed, "prov", TestCharts.prov("mychart", "1.0.0", signed)));
            assertEquals(201, saved.statusCode(), () -> text(saved));
            client.uploadOk("r", chart("mychart", "1.1.0"));
            client.uploadOk("r", chart("mychart", "2.0.0+build.7"));
            client.uploadOk("r", chart("other", "0.1.0"));
            HttpResponse<String> pushed = client.pushOci("r/pushed", "3.0.0", HelmClient.config("pushed", "3.0.0"),
                    chart("pushed", "3.0.0"), null);
            assertEquals(201, pushed.statusCode(), pushed.body());
            assertEquals(200, client.delete("/api/r/charts/mychart/1.1.0").statusCode());
            before = client.indexBytes("r");
            etag = client.get("/helm/r/index.yaml").headers().firstValue("ETag").orElseThrow();
        }
        try (TestRegistry second = new TestRegistry(data, false)) {
            HelmClient client = new HelmClient(second);
            byte[] after = client.indexBytes("r");
            assertEquals(HelmClient.parseYaml(before).path("entries"), HelmClient.parseYaml(after).path("entries"),
                    "the entries are rebuilt from storage");
            assertEquals(etag, client.get("/helm/r/index.yaml").headers().firstValue("ETag").orElse(""),
                    () -> "same index, same ETag after a restart:\n" + new String(before, StandardCharsets.UTF_8)
                            + "\n---\n" + new String(after, StandardCharsets.UTF_8));
            assertArrayEquals(before, after);
            assertEquals(304, client.get("/helm/r/index.yaml", "If-None-Match", etag).statusCode(),
                    "a client's cached index stays valid across a restart");
            assertEquals(200, client.get("/helm/r/charts/mychart-1.0.0.tgz.prov").statusCode());
        }
    }
}
