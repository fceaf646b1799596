package dev.packyard.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packyard.packs.Layer;
import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import dev.packyard.resolver.profile.ManifestLayer;
import dev.packyard.resolver.profile.PackLayer;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileRead;
import dev.packyard.resolver.profile.ProfileReader;
import dev.packyard.resolver.profile.ProfileType;
import dev.packyard.resolver.profile.Variable;
import dev.packyard.resolver.profile.VariableFormat;
import dev.packyard.resolver.reference.VersionReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileReaderTest {

    static final String NATIVE = """
            name: web
            version: 1.2.3-rc.1
            type: cluster
            cloudType: aws
            description: A web cluster
            variables:
              - name: replicas
                displayName: Replicas
                format: number
                defaultValue: 2
                required: true
              - name: token
                isSensitive: true
                regex: "^[a-z]+$"
            layers:
              - name: ubuntu
                version: lts__22.04.x
                registry: packyard
              - name: kubernetes
                version: 1.30.x
                layer: k8s
                values: |
                  pack:
                    podCIDR: 10.0.0.0/16
              - name: hello-universe
                tag: ~1.3
                presets: [Backend:enable-api]
                displayName: hello
                values:
                  manifests:
                    hello-universe:
                      replicas: "{{.spectro.var.replicas}}"
              - name: namespaces
                manifests:
                  - name: ns
                    content: |
                      apiVersion: v1
                      kind: Namespace
                      metadata:
                        name: web
            """;

    static Profile read(String text) {
        ProfileRead read = ProfileReader.read(text);
        assertTrue(read.report().valid(), read.report().format());
        return read.profile().orElseThrow();
    }

    static List<String> errors(String text) {
        ProfileRead read = ProfileReader.read(text);
        assertFalse(read.report().valid(), "expected errors");
        assertTrue(read.profile().isEmpty());
        return read.report().errors().stream().map(Problem::format).toList();
    }

    static void assertHas(List<String> errors, String... parts) {
        for (String part : parts) {
            assertTrue(errors.stream().anyMatch(e -> e.contains(part)), () -> "'" + part + "' not in " + errors);
        }
    }

    @Test
    void readsTheNativeShape() {
        Profile profile = read(NATIVE);
        assertEquals("web", profile.name());
        assertEquals("1.2.3-rc.1", profile.version());
        assertEquals(ProfileType.FULL, profile.type());
        assertEquals("aws", profile.cloudType());
        assertEquals(Optional.of("A web cluster"), profile.description());
        Variable replicas = profile.variables().get(0);
        assertEquals(VariableFormat.NUMBER, replicas.format());
        assertEquals(Optional.of("2"), replicas.defaultValue());
        assertTrue(replicas.required());
        assertTrue(profile.variables().get(1).sensitive());
        assertEquals(4, profile.layers().size());
        PackLayer ubuntu = (PackLayer) profile.layers().get(0);
        assertInstanceOf(VersionReference.Train.class, ubuntu.reference());
        assertEquals(Optional.of("packyard"), ubuntu.registry());
        PackLayer kubernetes = (PackLayer) profile.layers().get(1);
        assertEquals(Optional.of(Layer.K8S), kubernetes.layer());
        assertTrue(kubernetes.values().contains("podCIDR: 10.0.0.0/16"));
        PackLayer hello = (PackLayer) profile.layers().get(2);
        assertInstanceOf(VersionReference.Range.class, hello.reference());
        assertEquals(List.of("Backend:enable-api"), hello.presets());
        assertEquals(Optional.of("hello"), hello.displayName());
        assertTrue(hello.values().contains("replicas: \"{{.spectro.var.replicas}}\""), hello.values());
        ManifestLayer namespaces = (ManifestLayer) profile.layers().get(3);
        assertEquals("ns", namespaces.manifests().get(0).name());
        assertTrue(namespaces.manifests().get(0).content().contains("kind: Namespace"));
    }

    @Test
    void readsJsonToo() {
        Profile profile = read("""
                {"name": "j", "version": "2.0.0", "type": "add-on",
                 "layers": [{"name": "crossplane", "version": "1.x"}, {"name": "argo-cd"}]}
                """);
        assertEquals(ProfileType.ADD_ON, profile.type());
        assertEquals("all", profile.cloudType());
        assertInstanceOf(VersionReference.Latest.class, ((PackLayer) profile.layers().get(1)).reference());
    }

    @Test
    void readsPalettesExportAsItIs() {
        Profile profile = read("""
                {"metadata":{"name":"docs-ubuntu-k3s","description":"Cluster profile","labels":{"app":"hello-universe"}},
                 "spec":{"version":"1.0.0","template":{"type":"cluster","cloudType":"edge-native","packs":[
                  {"name":"edge-native-byoi","type":"spectro","layer":"os","version":"1.0.0","tag":"1.0.0",
                   "values":"pack:\\n  content: {}\\n",
                   "registry":{"metadata":{"uid":"5eecc89d0b150045ae661cef","name":"Public Repo","kind":"pack","isPrivate":false}}},
                  {"name":"edge-k3s","type":"spectro","layer":"k8s","version":"1.25.2","tag":"1.25.x","values":"cluster: {}"},
                  {"name":"cni-calico","type":"spectro","layer":"cni","version":"3.25.1","tag":"3.25.x"},
                  {"name":"csi-x","type":"oci","layer":"csi","version":"4.0.0"},
                  {"name":"hello-universe","type":"manifest","layer":"addon","version":"1.0.0",
                   "values":"pack:\\n  spectrocloud.com/install-priority: \\"0\\"",
                   "registry":{"metadata":{"uid":"","name":"","kind":"","isPrivate":false}},
                   "manifests":[{"name":"hello-universe","content":"apiVersion: v1\\nkind: Service\\n"}]}]},
                  "variables":[{"name":"app_replicas","displayName":"Hello Universe Replicas","format":"number",
                   "description":"replicas","defaultValue":"1","required":true,"isSensitive":false,"isHidden":false,
                   "immutable":false,"inputType":"text"}]}}
                """);
        assertEquals("docs-ubuntu-k3s", profile.name());
        assertEquals(ProfileType.FULL, profile.type());
        assertEquals("edge-native", profile.cloudType());
        PackLayer os = (PackLayer) profile.layers().get(0);
        assertEquals(Optional.empty(), os.registry(), "the exporting Palette's registry names nothing here");
        assertInstanceOf(VersionReference.Exact.class, os.reference());
        assertEquals(Optional.of(Layer.OS), os.layer());
        assertInstanceOf(VersionReference.Train.class, ((PackLayer) profile.layers().get(1)).reference());
        PackLayer csi = (PackLayer) profile.layers().get(3);
        assertInstanceOf(VersionReference.Latest.class, csi.reference(), "an absent tag means latest");
        assertEquals("oci", csi.type());
        ManifestLayer manifest = (ManifestLayer) profile.layers().get(4);
        assertEquals(Optional.of("1.0.0"), manifest.version());
        assertEquals(VariableFormat.NUMBER, profile.variables().get(0).format());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2", "2.2.2.develop", "b0.0.1", "1.2", "01.2.3", "1.2.3-"})
    void refusesLooseProfileVersions(String version) {
        assertHas(errors("name: p\nversion: \"" + version + "\"\ntype: add-on\nlayers: [{name: a}]\n"),
                "version: '" + version + "' is not a strict semantic version (profile.version)");
    }

    @Test
    void reportsEveryProblemWithItsFieldPath() {
        List<String> errors = errors("""
                version: 1.0.0
                type: hybrid
                variables:
                  - name: "bad name"
                  - name: n
                    format: color
                  - name: m
                    format: number
                    defaultValue: abc
                  - name: m
                layers:
                  - name: a
                    version: ">=foo"
                  - name: b
                    verison: 1.x
                  - version: 1.x
                  - name: c
                    layer: network
                  - name: d
                    manifests: []
                  - name: e
                    version: 1.x
                    tag: 2.x
                """);
        assertHas(errors, "ERROR profile name: is missing", "type: 'hybrid' is not a profile type",
                "variables[0].name: 'bad name' cannot be used", "variables[1].format: 'color' is not a variable format",
                "variables[2].defaultValue: the default value is 'abc', which is not a number",
                "variables[3].name: 'm' is declared twice", "layers[0].version: '>=foo' is not a version reference",
                "layers[1].verison: 'verison' is not a known key", "layers[2].name: is missing",
                "layers[3].layer: 'network' is not a layer", "layers[4].manifests: a manifest layer needs at least one",
                "layers[5].tag: both version and tag are given");
    }

    @Test
    void reportsExportProblemsWithExportPaths() {
        List<String> errors = errors("""
                {"metadata": {}, "spec": {"version": "v1", "template": {"type": "cluster",
                  "packs": [{"name": "k", "tag": "1.x.y.z"}, {"layer": "os"}]}}}
                """);
        assertHas(errors, "metadata.name: is missing", "spec.version: 'v1' is not a strict semantic version",
                "spec.template.packs[0].tag: '1.x.y.z' is not a version reference",
                "spec.template.packs[1].name: is missing");
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        assertHas(errors("name: p\nlayers:\n  - name: a\n   version: 1\n"), "profile.yaml-syntax", "line 4");
        assertHas(errors("{\"name\": \"p\",}"), "profile.json-syntax", "line 1");
        assertHas(errors("name: a\nname: b\ntype: full\nlayers: [{name: a}]\n"), "Duplicate field 'name'");
        assertHas(errors(""), "the document is empty");
        assertHas(errors("- a\n- b\n"), "the document is a list, not a mapping");
    }

    @Test
    void missingLayersAndTypes() {
        assertHas(errors("name: p\ntype: full\n"), "layers: is missing");
        assertHas(errors("name: p\ntype: full\nlayers: []\n"), "layers: is empty");
        assertHas(errors("name: p\nlayers: [{name: a}]\n"), "type: is missing");
    }

    @Test
    void unknownRootKeysAreWarnings() {
        ProfileRead read = ProfileReader.read("name: p\ntype: add-on\nlabels: {a: b}\nlayers: [{name: a}]\n");
        assertTrue(read.report().valid());
        assertEquals(Severity.WARNING, read.report().problems().get(0).severity());
        assertEquals("labels", read.report().problems().get(0).field());
    }
}
