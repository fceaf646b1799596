package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The validator on small packs, mostly broken: each problem is reported with file, field, rule and fix, and all of them at once. */
class PackValidatorTest {

    private final PackValidator validator = new PackValidator();

    private ValidationReport validate(Consumer<Map<String, String>> change) {
        Map<String, String> files = Fixtures.minimalPack();
        change.accept(files);
        return validator.validate(Fixtures.files(files));
    }

    private static Problem only(ValidationReport report, String rule) {
        List<Problem> matching = report.problems().stream().filter(p -> p.rule().equals(rule)).toList();
        assertEquals(1, matching.size(), () -> rule + " in:\n" + report.format());
        return matching.get(0);
    }

    private static void assertProblem(Problem p, Severity severity, String file, String field) {
        assertEquals(severity, p.severity(), p.format());
        assertEquals(file, p.file(), p.format());
        assertEquals(field, p.field(), p.format());
        assertFalse(p.fix().isBlank(), p.format());
    }

    private static String packJson(String body) {
        return "{\"displayName\": \"Demo\", \"version\": \"1.0.0\", \"layer\": \"addon\", \"name\": \"demo\", "
                + "\"kubeManifests\": [\"manifests/demo.yaml\"]" + (body.isEmpty() ? "" : ", " + body) + "}";
    }

    @Test
    void theMinimalPackIsValidWithoutWarnings() {
        ValidationReport report = validate(files -> { });
        assertEquals(List.of(), report.problems(), report.format());
        assertTrue(report.valid());
        assertEquals("", report.format());
    }

    @Test
    void missingNameIsAnError() {
        ValidationReport report = validate(f -> f.put("pack.json", packJson("").replace("\"name\": \"demo\", ", "")));
        assertFalse(report.valid());
        Problem p = only(report, "schema.required");
        assertProblem(p, Severity.ERROR, "pack.json", "name");
        assertTrue(p.fix().contains("\"name\""), p.fix());
        assertTrue(validator.load(Fixtures.files(Map.of("pack.json", "{}"))).pack().isEmpty());
    }

    @Test
    void unknownLayerIsAnErrorThatListsTheChoices() {
        ValidationReport report = validate(f -> f.put("pack.json", packJson("").replace("\"addon\"", "\"network\"")));
        Problem p = only(report, "schema.enum");
        assertProblem(p, Severity.ERROR, "pack.json", "layer");
        assertEquals("ERROR pack.json layer: 'network' is not one of kernel, os, k8s, cni, csi, addon (schema.enum)"
                + " -> fix: use one of kernel, os, k8s, cni, csi, addon", p.format());
        Problem caseOnly = only(validate(f -> f.put("pack.json", packJson("").replace("\"addon\"", "\"Addon\""))),
                "schema.enum");
        assertTrue(caseOnly.fix().contains("'addon'"), caseOnly.fix());
    }

    @Test
    void everySchemaRuleIsChecked() {
        ValidationReport report = validate(f -> f.put("pack.json", """
                {"name": "", "displayName": 7, "version": "1.0.0", "layer": "addon",
                 "cloudTypes": ["all", "mars"], "cloudType": "custom", "group": ["x"], "eol": null,
                 "charts": "charts/x.tgz", "kubeManifests": [1], "annotations": {"fips": true},
                 "constraints": {
                   "dependencies": [
                     {"packName": "kubernetes", "layer": "k8s", "type": "required"},
                     {"layer": "k9s", "type": "sometimes", "minVersion": 1.29},
                     "kubernetes"
                   ],
                   "resources": [
                     {"type": "gpu", "minLimit": "100", "components": [{"scheduleType": "control-plane"}, {}]}
                   ]
                 }}
                """));
        Set<String> found = report.errors().stream().map(p -> p.field() + " " + p.rule()).collect(Collectors.toSet());
        Set<String> expected = Set.of(
                "name schema.min-length",
                "displayName schema.type",
                "cloudTypes[1] schema.enum",
                "cloudType schema.enum",
                "group schema.type",
                "eol schema.type",
                "charts schema.type",
                "kubeManifests[0] schema.type",
                "annotations.fips schema.type",
                "constraints.dependencies[1].packName schema.required",
                "constraints.dependencies[1].layer schema.enum",
                "constraints.dependencies[1].type schema.enum",
                "constraints.dependencies[1].minVersion schema.type",
                "constraints.dependencies[2] schema.type",
                "constraints.resources[0].type schema.enum",
                "constraints.resources[0].minLimit schema.type",
                "constraints.resources[0].components[0].scheduleType schema.enum",
                "constraints.resources[0].components[1].scheduleType schema.required");
        assertEquals(expected, found, report.format());
        assertTrue(report.errors().stream().allMatch(p -> p.file().equals("pack.json") && !p.fix().isBlank()));
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumn() {
        ValidationReport report = validate(f -> f.put("pack.json", "{\n  \"name\": \"demo\",\n}\n"));
        Problem p = only(report, "json.syntax");
        assertProblem(p, Severity.ERROR, "pack.json", "");
        assertTrue(p.message().startsWith("line 3, column 1: "), p.message());
    }

    @Test
    void versionsAreReadLenientlyButWarnedAbout() {
        Problem v = only(validate(f -> f.put("pack.json", packJson("").replace("\"1.0.0\"", "\"v1.12.0\""))),
                "version.leading-v");
        assertProblem(v, Severity.WARNING, "pack.json", "version");
        assertTrue(v.fix().contains("'1.12.0'"));
        Problem two = only(validate(f -> f.put("pack.json", packJson("").replace("\"1.0.0\"", "\"1.29\""))),
                "version.two-part");
        assertProblem(two, Severity.WARNING, "pack.json", "version");
        ValidationReport unreadable = validate(f -> f.put("pack.json", packJson("").replace("\"1.0.0\"", "\"2.2.2.develop\"")));
        assertProblem(only(unreadable, "version.unreadable"), Severity.ERROR, "pack.json", "version");
        assertFalse(unreadable.valid());

        ValidationReport bounds = validate(f -> f.put("pack.json", packJson("""
                "constraints": {"dependencies": [
                  {"packName": "kubernetes", "layer": "k8s", "minVersion": "1.30", "maxVersion": "1.29.9", "type": "required"},
                  {"packName": "cilium", "layer": "cni", "minVersion": "latest", "type": "optional"}]}""")));
        assertProblem(only(bounds, "dependency.empty-range"), Severity.ERROR, "pack.json", "constraints.dependencies[0]");
        assertProblem(only(bounds, "version.unreadable"), Severity.ERROR, "pack.json",
                "constraints.dependencies[1].minVersion");
    }

    @Test
    void nameMustBeUsableAsAnOciRepository() {
        Problem p = only(validate(f -> f.put("pack.json", packJson("").replace("\"name\": \"demo\"", "\"name\": \"My Pack\""))),
                "name.format");
        assertProblem(p, Severity.ERROR, "pack.json", "name");
        assertTrue(p.fix().contains("'my-pack'"), p.fix());
    }

    @Test
    void missingChartAndManifestFilesAreErrors() {
        ValidationReport report = validate(f -> {
            f.put("pack.json", packJson("\"charts\": [\"charts/demo-1.0.0.tgz\"], \"ansibleRoles\": [\"roles/setup\"]"));
            f.put("charts/demo-1.0.0.tgz.bak", "x");
            f.put("manifests/demo.yaml", "  \n");
            f.put("roles/setup/tasks/main.yml", "- name: x");
        });
        assertProblem(only(report, "file.missing"), Severity.ERROR, "pack.json", "charts[0]");
        assertProblem(only(report, "file.empty"), Severity.ERROR, "manifests/demo.yaml", "");
        Problem moved = only(validate(f -> {
            f.put("pack.json", packJson("").replace("manifests/demo.yaml", "manifests/other.yaml"));
            f.put("templates/other.yaml", "kind: A");
        }), "file.missing");
        assertTrue(moved.fix().contains("templates/other.yaml"), moved.fix());
        assertProblem(only(validate(f -> f.put("pack.json", packJson("").replace("manifests/demo.yaml", "../demo.yaml"))),
                "file.path"), Severity.ERROR, "pack.json", "kubeManifests[0]");
    }

    @Test
    void missingPackJsonAndValuesAreErrorsMissingLogoAndReadmeAreWarnings() {
        ValidationReport report = validate(f -> {
            f.remove("pack.json");
            f.remove("values.yaml");
            f.remove("logo.png");
            f.remove("README.md");
            f.put("nested/pack.json", packJson(""));
        });
        Map<String, Severity> missing = report.problems().stream().filter(p -> p.rule().equals("file.missing"))
                .collect(Collectors.toMap(Problem::file, Problem::severity));
        assertEquals(Map.of("pack.json", Severity.ERROR, "values.yaml", Severity.ERROR, "logo.png", Severity.WARNING,
                "README.md", Severity.WARNING), missing);
        assertTrue(report.problems().get(0).message().contains("nested/pack.json"), report.format());
        assertProblem(only(validate(f -> f.put("logo.png", "GIF89a")), "logo.format"), Severity.WARNING, "logo.png", "");
    }

    @Test
    void tabsInValuesAreErrorsWithTheirLines() {
        ValidationReport report = validate(f -> f.put("values.yaml",
                "pack:\n  namespace: demo\nmanifests:\n\tdemo:\n\t\treplicas: 1\n"));
        List<Problem> tabs = report.problems().stream().filter(p -> p.rule().equals("yaml.tab")).toList();
        assertEquals(2, tabs.size(), report.format());
        assertProblem(tabs.get(0), Severity.ERROR, "values.yaml", "");
        assertTrue(tabs.get(0).message().contains("line 4"), tabs.get(0).message());
        Problem syntax = only(report, "yaml.syntax");
        assertTrue(syntax.message().startsWith("line 4, column 1: "), syntax.message());
        assertFalse(report.valid());
    }

    @Test
    void brokenIndentationIsASyntaxErrorWithLineAndColumnAndOddIndentIsAWarning() {
        ValidationReport broken = validate(f -> f.put("values.yaml",
                "pack:\n  namespace: demo\nmanifests:\n  demo:\n    replicas: 1\n   port: 80\n"));
        Problem syntax = only(broken, "yaml.syntax");
        assertProblem(syntax, Severity.ERROR, "values.yaml", "");
        assertTrue(syntax.message().matches("line 6, column \\d+: .*"), syntax.message());
        assertProblem(only(broken, "yaml.indentation"), Severity.WARNING, "values.yaml", "");

        ValidationReport odd = validate(f -> f.put("values.yaml", "pack:\n   namespace: demo\n   content:\n"
                + "     images:\n       - image: x/y:1\nmanifests:\n   demo:\n      replicas: 1\n"));
        assertTrue(odd.valid(), odd.format());
        assertEquals(List.of("yaml.indentation"), odd.warnings().stream().map(Problem::rule).distinct().toList());
        assertEquals(5, odd.warnings().size(), odd.format());
        assertTrue(odd.warnings().get(0).message().contains("line 2"), odd.format());
    }

    @Test
    void duplicateKeysAndWrongShapesInValuesAreErrors() {
        assertProblem(only(validate(f -> f.put("values.yaml", "pack:\n  namespace: a\n  namespace: b\nmanifests: {}\n")),
                "yaml.duplicate-key"), Severity.ERROR, "values.yaml", "");
        ValidationReport shapes = validate(f -> f.put("values.yaml", """
                pack:
                  namespace: [a]
                  spectrocloud.com/install-priority: "first"
                  content:
                    images:
                      - ghcr.io/example/demo:1.0.0
                    charts:
                      - repo: https://charts.example.com
                        name: demo
                manifests: {}
                """));
        Set<String> found = shapes.errors().stream().map(p -> p.field() + " " + p.rule()).collect(Collectors.toSet());
        assertEquals(Set.of("pack.namespace values.type", "pack.spectrocloud.com/install-priority values.install-priority",
                "pack.content.images[0].image values.required", "pack.content.charts[0].version values.required"),
                found, shapes.format());
        assertProblem(only(validate(f -> f.put("values.yaml", "- a\n- b\n")), "values.type"), Severity.ERROR,
                "values.yaml", "");
    }

    @Test
    void packSectionIsReadWithValuesAsWritten() {
        Map<String, String> files = Fixtures.minimalPack();
        files.put("values.yaml", """
                pack:
                  namespace: demo
                  additionalNamespaces: [demo-extra]
                  namespaceLabels:
                    demo: "pod-security.kubernetes.io/enforce=privileged"
                  releaseNameOverride:
                    demo-chart: demo
                  spectrocloud.com/install-priority: "-5"
                  spectrocloud.com/display-name: demo-two
                  content:
                    images:
                      - image: ghcr.io/example/demo:1.0.0
                    charts:
                      - repo: https://charts.example.com
                        name: demo-chart
                        version: 1.10
                manifests:
                  demo:
                    ratio: 2.50
                """);
        PackSection section = validator.load(Fixtures.files(files)).pack().orElseThrow().values().pack();
        assertEquals(new PackSection(Optional.of("demo"), List.of("demo-extra"),
                Map.of("demo", "pod-security.kubernetes.io/enforce=privileged"), List.of("ghcr.io/example/demo:1.0.0"),
                List.of(new ChartReference("https://charts.example.com", "demo-chart", "1.10")),
                Map.of("demo-chart", "demo"), OptionalInt.of(-5), Optional.of("demo-two")), section);
        assertEquals("2.50", validator.load(Fixtures.files(files)).pack().orElseThrow().values().tree()
                .at("/manifests/demo/ratio").decimalValue().toPlainString());
    }

    @Test
    void valuesWithoutPackOrChartsOrManifestsWarn() {
        ValidationReport report = validate(f -> f.put("values.yaml", "kubeadmconfig:\n  x: 1\n"));
        assertTrue(report.valid(), report.format());
        assertEquals(Set.of("values.no-pack", "values.no-charts-or-manifests", "values.no-images"),
                report.warnings().stream().map(Problem::rule).collect(Collectors.toSet()));
        ValidationReport k8s = validate(f -> {
            f.put("pack.json", packJson("").replace("\"addon\"", "\"k8s\""));
            f.put("values.yaml", "pack:\n  k8sHardening: true\nkubeadmconfig:\n  apiServer: {}\n");
        });
        assertEquals(List.of(), k8s.problems(), "infrastructure packs are configured by their own keys: " + k8s.format());
        ValidationReport empty = validate(f -> f.put("values.yaml", ""));
        assertTrue(empty.valid(), "an empty values.yaml is allowed: " + empty.format());
    }

    @Test
    void presetsAreChecked() {
        ValidationReport report = validate(f -> {
            f.put("values.yaml", "# spectrocloud.com/enabled-presets: Size:small,Size:large,Color:red,broken\n"
                    + f.get("values.yaml"));
            f.put("presets.yaml", """
                    presets:
                      - name: small
                        displayName: Small
                        group: Size
                        remove: ["manifests.demo.replicas"]
                        add: |
                          manifests:
                            demo:
                              replicas: 1
                      - name: large
                        displayName: Large
                        group: Size
                        add: |
                          manifests:
                            demo:
                             replicas: 3
                              port: 80
                      - displayName: Nameless
                        add:
                          manifests: {}
                      - name: small
                        group: Size
                    """);
        });
        assertProblem(only(report, "presets.group-conflict"), Severity.ERROR, "values.yaml",
                "spectrocloud.com/enabled-presets");
        assertProblem(only(report, "presets.enabled-format"), Severity.ERROR, "values.yaml",
                "spectrocloud.com/enabled-presets");
        assertProblem(only(report, "yaml.syntax"), Severity.ERROR, "presets.yaml", "presets[1].add");
        assertProblem(only(report, "presets.type"), Severity.ERROR, "presets.yaml", "presets[2].add");
        Set<String> required = report.problems().stream().filter(p -> p.rule().equals("presets.required"))
                .map(Problem::field).collect(Collectors.toSet());
        assertEquals(Set.of("presets[2].name", "presets[2].group"), required);
        assertProblem(only(report, "presets.duplicate-name"), Severity.ERROR, "presets.yaml", "presets[3].name");
        assertProblem(only(report, "presets.display-name"), Severity.WARNING, "presets.yaml", "presets[3].displayName");
    }

    @Test
    void anUnknownEnabledPresetIsAnErrorThatListsTheChoices() {
        ValidationReport report = validate(f -> {
            f.put("values.yaml", "# spectrocloud.com/enabled-presets: Size:huge\n" + f.get("values.yaml"));
            f.put("presets.yaml", "presets:\n  - name: small\n    displayName: Small\n    group: Size\n"
                    + "    remove: []\n    add: |\n      manifests:\n        demo:\n          replicas: 1\n");
        });
        Problem p = only(report, "presets.unknown-enabled");
        assertProblem(p, Severity.ERROR, "values.yaml", "spectrocloud.com/enabled-presets");
        assertTrue(p.fix().contains("Size:small"), p.fix());
    }

    @Test
    void anEnabledPresetWithoutPresetsFileIsAnError() {
        ValidationReport report = validate(f -> f.put("values.yaml",
                "# spectrocloud.com/enabled-presets: Backend:disable-api\n" + f.get("values.yaml")));
        assertTrue(only(report, "presets.unknown-enabled").message().contains("no presets.yaml"));
        assertProblem(only(validate(f -> f.put("presets.yaml", "presets:\n  name: x\n")), "presets.structure"),
                Severity.ERROR, "presets.yaml", "presets");
    }

    @Test
    void valueSchemaIsChecked() {
        ValidationReport report = validate(f -> f.put("schema.yaml", """
                manifests.demo.replicas:
                  schema: '{{ required | readonly | format "${number:[1-10]}" | hints "How many" "pods" }}'
                manifests.demo.port:
                  schema: 'required | format "${number}"'
                manifests.demo.name:
                  schema: '{{ format "${string} | hints "unclosed }}'
                manifests.demo.ip:
                  schema: '{{ format "${ipv6}" | default "x" }}'
                manifests.demo.mode: required
                manifests.demo.size:
                  schema: '{{ format }}'
                """));
        List<Problem> templates = report.problems().stream().filter(p -> p.rule().equals("schema.template")).toList();
        assertEquals(List.of("manifests.demo.port.schema", "manifests.demo.name.schema", "manifests.demo.size.schema"),
                templates.stream().map(Problem::field).toList(), report.format());
        assertProblem(only(report, "schema.structure"), Severity.ERROR, "schema.yaml", "manifests.demo.mode");
        assertProblem(only(report, "schema.format-type"), Severity.WARNING, "schema.yaml", "manifests.demo.ip.schema");
        assertProblem(only(report, "schema.function"), Severity.WARNING, "schema.yaml", "manifests.demo.ip.schema");

        Map<String, String> ok = Fixtures.minimalPack();
        ok.put("schema.yaml", "manifests.demo.replicas:\n"
                + "  schema: '{{ required | readonly | format \"${number:[1-10]}\" | hints \"How many\" \"pods\" }}'\n");
        ValueSchema entry = validator.load(Fixtures.files(ok)).pack().orElseThrow().schema().get(0);
        assertEquals(new ValueSchema("manifests.demo.replicas",
                "{{ required | readonly | format \"${number:[1-10]}\" | hints \"How many\" \"pods\" }}", true, true,
                Optional.of("${number:[1-10]}"), List.of("How many", "pods")), entry);
    }

    @Test
    void severalProblemsAreReportedTogether() {
        ValidationReport report = validate(f -> {
            f.put("pack.json", """
                    {"displayName": "Demo", "version": "v1.0", "layer": "network",
                     "charts": ["charts/missing.tgz"], "kubeManifests": ["manifests/demo.yaml"]}
                    """);
            f.put("values.yaml", "pack:\n\tnamespace: demo\n");
            f.put("presets.yaml", "presets: [");
            f.remove("logo.png");
        });
        Set<String> rules = report.problems().stream().map(p -> p.file() + ":" + p.rule()).collect(Collectors.toSet());
        for (String expected : List.of("pack.json:schema.required", "pack.json:schema.enum", "pack.json:version.leading-v",
                "pack.json:version.two-part", "pack.json:file.missing", "values.yaml:yaml.tab", "values.yaml:yaml.syntax",
                "presets.yaml:yaml.syntax", "logo.png:file.missing")) {
            assertTrue(rules.contains(expected), expected + " missing from:\n" + report.format());
        }
        assertTrue(report.errors().size() >= 6, report.format());
        assertEquals(report.problems().size(), report.format().lines().count(), "one line per problem");
        PackLoad load = validator.load(Fixtures.files(Map.of("pack.json", "{}")));
        assertTrue(load.pack().isEmpty());
        assertFalse(load.report().valid());
    }

    @Test
    void malformedUtf8IsReported() {
        TreeMap<String, byte[]> files = new TreeMap<>(Fixtures.files(Fixtures.minimalPack()).files());
        files.put("values.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertProblem(only(validator.validate(new PackFiles(files)), "file.encoding"), Severity.ERROR, "values.yaml", "");
    }
}
