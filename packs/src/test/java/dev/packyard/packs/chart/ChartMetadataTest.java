package dev.packyard.packs.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chart.yaml is normalized to Helm's {@code chart.Metadata} and checked the way a registry needs. */
class ChartMetadataTest {

    private static final String MINIMAL = "apiVersion: v2\nname: mychart\nversion: 1.0.0\n";

    /** Every field Helm knows, out of Helm's order, with unknown fields among them. */
    private static final String FULL = """
            type: application
            dependencies:
              - name: redis
                alias: cache
                import-values:
                  - child: default.data
                    parent: myimports
                  - data
                enabled: true
                tags: [backend, cache]
                condition: redis.enabled
                repository: oci://registry-1.docker.io/bitnamicharts
                version: ">=17.0.0"
                unknownDependencyField: dropped
              - name: common
                version: 2.x.x
                repository: https://charts.example.com
            kubeVersion: ">=1.25.0-0"
            annotations:
              category: Infrastructure
              artifacthub.io/license: Apache-2.0
            deprecated: true
            appVersion: "2.4.1"
            tags: web,frontend
            condition: mychart.enabled
            apiVersion: v2
            icon: https://example.com/icon.png
            maintainers:
              - name: Jane Doe
                email: jane@example.com
                url: https://example.com/jane
                twitter: dropped
              - name: Build Bot
            keywords: [web, nginx]
            description: A full chart
            x-vendor-extension: dropped
            version: 1.2.3-rc.1+build.5
            sources:
              - https://github.com/example/mychart
            home: https://example.com
            name: mychart
            engine: gotpl
            """;

    private static ChartMetadata parse(String yaml) throws InvalidChartException {
        return ChartArchive.metadata(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidChartException refused(String yaml) {
        return assertThrows(InvalidChartException.class, () -> parse(yaml), yaml);
    }

    private static void assertRefusal(String yaml, String rule, String... mentions) {
        InvalidChartException e = refused(yaml);
        assertEquals(rule, e.rule(), e.getMessage());
        for (String mention : mentions) {
            assertTrue(e.getMessage().contains(mention), "'" + mention + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void allFieldsComeInHelmsOrderAndUnknownOnesAreDropped() throws Exception {
        ChartMetadata metadata = parse(FULL);
        assertEquals(List.of("name", "home", "sources", "version", "description", "keywords", "maintainers", "icon",
                        "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
                        "dependencies", "type"),
                ChartArchiveTest.names(metadata));
        String expected = """
                {"name":"mychart","home":"https://example.com","sources":["https://github.com/example/mychart"],
                "version":"1.2.3-rc.1+build.5","description":"A full chart","keywords":["web","nginx"],
                "maintainers":[{"name":"Jane Doe","email":"jane@example.com","url":"https://example.com/jane"},
                {"name":"Build Bot"}],"icon":"https://example.com/icon.png","apiVersion":"v2",
                "condition":"mychart.enabled","tags":"web,frontend","appVersion":"2.4.1","deprecated":true,
                "annotations":{"artifacthub.io/license":"Apache-2.0","category":"Infrastructure"},
                "kubeVersion":">=1.25.0-0","dependencies":[{"name":"redis","version":">=17.0.0",
                "repository":"oci://registry-1.docker.io/bitnamicharts","condition":"redis.enabled",
                "tags":["backend","cache"],"enabled":true,"import-values":[{"child":"default.data",
                "parent":"myimports"},"data"],"alias":"cache"},{"name":"common","version":"2.x.x",
                "repository":"https://charts.example.com"}],"type":"application"}
                """.replace("\n", "");
        assertEquals(expected, new ObjectMapper().writeValueAsString(metadata.fields()));
    }

    @Test
    void accessorsReadTheNormalizedFields() throws Exception {
        ChartMetadata metadata = parse(FULL);
        assertEquals("mychart", metadata.name());
        assertEquals("1.2.3-rc.1+build.5", metadata.version());
        assertEquals("v2", metadata.apiVersion());
        assertEquals(Optional.of("2.4.1"), metadata.appVersion());
        assertEquals(Optional.of("A full chart"), metadata.description());
        assertEquals(Optional.of("https://example.com"), metadata.home());
        assertEquals(List.of("https://github.com/example/mychart"), metadata.sources());
        assertEquals(List.of("web", "nginx"), metadata.keywords());
        assertEquals(Map.of("category", "Infrastructure", "artifacthub.io/license", "Apache-2.0"),
                metadata.annotations());
        assertEquals(List.of("artifacthub.io/license", "category"), List.copyOf(metadata.annotations().keySet()));

        ChartMetadata minimal = parse(MINIMAL);
        assertEquals(Optional.empty(), minimal.appVersion());
        assertEquals(Optional.empty(), minimal.description());
        assertEquals(Optional.empty(), minimal.home());
        assertEquals(List.of(), minimal.sources());
        assertEquals(List.of(), minimal.keywords());
        assertEquals(Map.of(), minimal.annotations());
        assertEquals(Optional.empty(), minimal.authors());
    }

    @Test
    void authorsAreWrittenAsHelmsOciAnnotation() throws Exception {
        assertEquals(Optional.of("Jane Doe (jane@example.com), Build Bot"), parse(FULL).authors());
        assertEquals(Optional.of("Solo"), parse(MINIMAL + "maintainers:\n  - name: Solo\n").authors());
        assertEquals(Optional.of("A (a@x.io), B (b@x.io)"), parse(MINIMAL
                + "maintainers:\n  - {name: A, email: a@x.io}\n  - {name: B, email: b@x.io, url: https://b}\n")
                .authors());
        assertEquals(Optional.empty(), parse(MINIMAL + "maintainers: []\n").authors(), "empty list is dropped");
    }

    @Test
    void numericScalarsBecomeStrings() throws Exception {
        ChartMetadata metadata = parse(MINIMAL + "appVersion: 1.2\nkubeVersion: 1\n"
                + "keywords: [1, true]\nannotations:\n  replicas: 3\n");
        assertEquals(Optional.of("1.2"), metadata.appVersion());
        assertTrue(metadata.fields().get("appVersion").isTextual(), metadata.fields().toString());
        assertEquals("1", metadata.fields().get("kubeVersion").textValue());
        assertEquals(List.of("1", "true"), metadata.keywords());
        assertEquals(Map.of("replicas", "3"), metadata.annotations());
        assertTrue(metadata.fields().get("annotations").get("replicas").isTextual());
    }

    @Test
    void emptyValuesAreOmittedAsHelmsJsonDoes() throws Exception {
        ChartMetadata metadata = parse(MINIMAL + "description: ''\nkeywords: []\ndeprecated: false\nicon: ~\n"
                + "annotations: {}\ntype: ''\n");
        assertEquals(List.of("name", "version", "apiVersion"), ChartArchiveTest.names(metadata));
    }

    @Test
    void helmsOwnExampleIsAccepted() throws Exception {
        ChartMetadata v1 = parse("apiVersion: v1\nname: old-chart\nversion: 0.0.0\n");
        assertEquals("v1", v1.apiVersion());
        assertEquals("0.0.0", v1.version());
        assertEquals("library", parse(MINIMAL + "type: library\n").fields().get("type").textValue());
    }

    @Test
    void theFieldsAreCopiedIn() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("name", "a");
        ChartMetadata metadata = new ChartMetadata(fields);
        fields.put("name", "b");
        assertEquals("a", metadata.name());
    }

    @Test
    void invalidYamlIsRefusedWithItsLine() {
        assertRefusal("apiVersion: v2\nname: mychart\nversion: 1.0.0\ndescription: [unclosed\n",
                "chart.yaml.syntax", "not valid YAML", "line ");
        InvalidChartException e = refused("apiVersion: v2\nname: mychart\n  version: 1.0.0\n");
        assertEquals("chart.yaml.syntax", e.rule(), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void duplicateKeysAreRefused() {
        assertRefusal(MINIMAL + "version: 9.9.9\n", "chart.yaml.syntax", "version", "line 4");
        assertRefusal(MINIMAL + "annotations:\n  a: x\n  a: y\n", "chart.yaml.syntax", "'a'");
    }

    @Test
    void aChartYamlThatIsNotAMapIsRefused() {
        assertRefusal("- apiVersion: v2\n- name: mychart\n", "chart.yaml.not-a-map", "YAML map");
        assertRefusal("just a string\n", "chart.yaml.not-a-map", "YAML map");
        assertRefusal("", "chart.yaml.not-a-map", "YAML map");
    }

    @Test
    void requiredFieldsMustBeThere() {
        assertRefusal("name: mychart\nversion: 1.0.0\n", "chart.api-version.missing", "apiVersion", "v2");
        assertRefusal("apiVersion: v2\nversion: 1.0.0\n", "chart.name.missing", "name");
        assertRefusal("apiVersion: v2\nname: ''\nversion: 1.0.0\n", "chart.name.missing", "name");
        assertRefusal("apiVersion: v2\nname: mychart\n", "chart.version.missing", "version", "SemVer");
    }

    @Test
    void onlyApiVersionsV1AndV2AreAccepted() {
        assertRefusal("apiVersion: v3\nname: mychart\nversion: 1.0.0\n", "chart.api-version.unknown", "'v3'");
        assertRefusal("apiVersion: 2\nname: mychart\nversion: 1.0.0\n", "chart.api-version.unknown", "'2'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MyChart", "my/chart", "../chart", "my chart", "-chart", "chart-", "my..chart",
            "my_.chart", "ÄÖchart"})
    void badNamesAreRefused(String name) {
        assertRefusal("apiVersion: v2\nname: '" + name + "'\nversion: 1.0.0\n", "chart.name.invalid",
                "'" + name + "'", "lowercase");
    }

    @Test
    void aTooLongNameIsRefused() {
        String name = "a".repeat(201);
        assertRefusal("apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n", "chart.name.invalid", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mychart", "my-chart", "my--chart", "my.chart", "my_chart", "my__chart", "0chart9",
            "a.b-c_d"})
    void goodNamesAreAccepted(String name) throws Exception {
        assertEquals(name, parse("apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-semver", "V1.2.3", "vv1.2.3", "1.2", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+",
            "1.2.3-01", "1.2.3-rc..1", "1.2.3.4", " 1.2.3"})
    void nonSemverVersionsAreRefused(String version) {
        assertRefusal("apiVersion: v2\nname: mychart\nversion: '" + version + "'\n", "chart.version.not-semver",
                "'" + version + "'", "SemVer 2.0.0");
    }

    @Test
    void aNumericVersionIsRefused() {
        // YAML reads 1.2 as a number; it becomes "1.2", which is not SemVer
        assertRefusal("apiVersion: v2\nname: mychart\nversion: 1.2\n", "chart.version.not-semver", "'1.2'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3-rc.1+build.5", "0.0.0", "1.0.0", "10.20.30", "1.0.0-alpha.beta.1",
            "1.0.0-0.3.7", "1.0.0+20130313144700", "1.0.0-x-y-z.--"})
    void semverVersionsAreAccepted(String version) throws Exception {
        assertEquals(version, parse("apiVersion: v2\nname: mychart\nversion: '" + version + "'\n").version());
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        assertRefusal(MINIMAL + "keywords: foo\n", "chart.yaml.field-type", "'keywords'", "list");
        assertRefusal(MINIMAL + "deprecated: \"yes\"\n", "chart.yaml.field-type", "'deprecated'", "true or false");
        assertRefusal(MINIMAL + "maintainers: [x]\n", "chart.yaml.field-type", "'maintainers[]'", "map");
        assertRefusal(MINIMAL + "maintainers: {name: x}\n", "chart.yaml.field-type", "'maintainers'", "list");
        assertRefusal(MINIMAL + "description: {a: b}\n", "chart.yaml.field-type", "'description'", "string");
        assertRefusal(MINIMAL + "sources: [[a]]\n", "chart.yaml.field-type", "'sources[]'", "string");
        assertRefusal(MINIMAL + "annotations: [a]\n", "chart.yaml.field-type", "'annotations'", "map");
        assertRefusal(MINIMAL + "annotations:\n  a: {b: c}\n", "chart.yaml.field-type", "'annotations.a'");
        assertRefusal(MINIMAL + "dependencies: redis\n", "chart.yaml.field-type", "'dependencies'", "list");
        assertRefusal(MINIMAL + "dependencies: [redis]\n", "chart.yaml.field-type", "'dependencies[]'", "map");
        assertRefusal(MINIMAL + "dependencies:\n  - {name: a, enabled: 'yes'}\n", "chart.yaml.field-type",
                "'dependencies[].enabled'");
        assertRefusal(MINIMAL + "dependencies:\n  - {name: a, tags: x}\n", "chart.yaml.field-type",
                "'dependencies[].tags'");
        assertRefusal(MINIMAL + "dependencies:\n  - {name: a, import-values: x}\n", "chart.yaml.field-type",
                "'dependencies[].import-values'");
        assertRefusal("apiVersion: v2\nname: [mychart]\nversion: 1.0.0\n", "chart.yaml.field-type", "'name'");
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertRefusal(MINIMAL + "type: plugin\n", "chart.type.unknown", "'plugin'", "application", "library");
    }

    @Test
    void aDependencyNeedsAName() {
        assertRefusal(MINIMAL + "dependencies:\n  - version: 1.0.0\n    repository: https://x\n",
                "chart.dependency.name-missing", "dependency");
    }

    @Test
    void nullFieldsCountAsAbsent() throws Exception {
        ChartMetadata metadata = parse(MINIMAL + "home: ~\nkeywords: null\nmaintainers: ~\n");
        assertFalse(metadata.fields().has("home"));
        assertFalse(metadata.fields().has("keywords"));
        assertEquals(Optional.empty(), metadata.authors());
    }
}
