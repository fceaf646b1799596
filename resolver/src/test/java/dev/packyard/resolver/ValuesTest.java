package dev.packyard.resolver;

import static dev.packyard.resolver.FixtureResolutionTest.assertContains;
import static dev.packyard.resolver.FixtureResolutionTest.layer;
import static dev.packyard.resolver.TestPacks.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Values: defaults, presets, overrides, variables, schema checks and install order. */
class ValuesTest {

    private final Resolver resolver = new Resolver();

    static Pack demoPack(String name, String priority) {
        Map<String, String> text = new TreeMap<>();
        text.put("pack.json", """
                {"name": "%s", "displayName": "Demo", "version": "1.0.0", "layer": "addon", "cloudTypes": ["all"],
                 "kubeManifests": ["manifests/demo.yaml"]}
                """.formatted(name));
        text.put("manifests/demo.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.namespace }}\n");
        text.put("values.yaml", """
                # spectrocloud.com/enabled-presets: Size:small
                pack:
                  namespace: demo
                  spectrocloud.com/install-priority: "%s"
                  content:
                    images:
                      - image: ghcr.io/example/demo:1.0.0
                manifests:
                  demo:
                    replicas: 1
                    port: 8080
                    mode: fast
                    host: demo.example.com
                    apiPort: 6443
                    pool: "10.0.0.1 - 10.0.0.9"
                    version: 1.2.3
                    address: 10.0.0.1
                    enabled: true
                    ratio: 1.50
                    args: ["--a=1", "--b"]
                    secret: ""
                    legacy:
                      a: 1
                      b: 2
                """.formatted(priority));
        text.put("presets.yaml", """
                presets:
                  - name: small
                    displayName: Small
                    group: Size
                    remove: []
                    add: |
                      manifests:
                        demo:
                          replicas: 1
                  - name: large
                    displayName: Large
                    group: Size
                    remove: ["manifests.demo.legacy"]
                    add: |
                      manifests:
                        demo:
                          replicas: 5
                          legacy:
                            c: 3
                  - name: tls
                    displayName: TLS
                    group: Security
                    remove: []
                    add: |
                      manifests:
                        demo:
                          tls: true
                """);
        text.put("schema.yaml", """
                manifests.demo.replicas:
                  schema: '{{ required | format "${number:[1-5]}" }}'
                manifests.demo.port:
                  schema: '{{ format "${number}" }}'
                manifests.demo.mode:
                  schema: '{{ format "${list:[fast,safe]}" }}'
                manifests.demo.host:
                  schema: '{{ required | format "${string:/^[a-z0-9.-]+$/}" }}'
                manifests.demo.apiPort:
                  schema: '{{ readonly | format "${number}" }}'
                manifests.demo.pool:
                  schema: '{{ format "${ipv4} - ${ipv4}" }}'
                manifests.demo.version:
                  schema: '{{ format "${version}" }}'
                manifests.demo.address:
                  schema: '{{ format "${ipv4}" }}'
                manifests.demo.enabled:
                  schema: '{{ format "${boolean}" }}'
                manifests.demo.args.$[]:
                  schema: '{{ format "${string:/^--[a-z]+/}" }}'
                manifests.demo.secret:
                  schema: '{{ format "${password}" | hints "A password" }}'
                """);
        TreeMap<String, byte[]> files = new TreeMap<>();
        text.forEach((path, content) -> files.put(path, content.getBytes(StandardCharsets.UTF_8)));
        PackLoad load = new PackValidator().load(new PackFiles(files));
        return load.pack().orElseThrow(() -> new AssertionError(load.report().format()));
    }

    static PackSource demoSource() {
        return PackSource.of(List.of(PackCandidate.of(demoPack("demo", "5"), "sha256:demo"),
                PackCandidate.of(demoPack("early", "-1"), "sha256:early"),
                PackCandidate.of(demoPack("plain", ""), "sha256:plain")));
    }

    static String profileWith(String layerExtra, String variables) {
        return """
                name: values
                version: 1.0.0
                type: add-on
                variables:
                %s
                layers:
                  - name: demo
                %s
                """.formatted(variables.isEmpty() ? "  []" : variables.indent(2).stripTrailing(),
                layerExtra.indent(4).stripTrailing());
    }

    LockedLayer demo(String layerExtra) throws ResolutionException {
        return layer(resolver.resolve(profile(profileWith(layerExtra, "")), demoSource()), "demo");
    }

    static JsonNode tree(LockedLayer layer) {
        return YamlText.parse(layer.values()).tree().path("manifests").path("demo");
    }

    List<String> errors(String yaml, Map<String, String> variables) {
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(profile(yaml), demoSource(), variables));
        return e.problems().stream().map(Problem::format).toList();
    }

    static void assertHas(List<String> errors, String... parts) {
        for (String part : parts) {
            assertTrue(errors.stream().anyMatch(e -> e.contains(part)), () -> "'" + part + "' not in\n"
                    + String.join("\n", errors));
        }
    }

    @Test
    void defaultsKeepThePacksEnabledPresets() throws Exception {
        LockedLayer demo = demo("version: 1.0.0");
        assertEquals(List.of("Size:small"), demo.presets());
        assertTrue(demo.values().startsWith("# spectrocloud.com/enabled-presets: Size:small\npack:\n"), demo.values());
        assertEquals(1, tree(demo).path("replicas").asInt());
        assertEquals("1.50", tree(demo).path("ratio").decimalValue().toPlainString(), "decimals kept as written");
        assertEquals(OptionalInt.of(5), demo.installPriority());
        assertEquals(YamlText.sha256(demo.values()), demo.valuesDigest());
    }

    @Test
    void presetsRemoveThenAddAndReplaceTheirGroup() throws Exception {
        LockedLayer demo = demo("presets: [Size:large, tls]");
        assertEquals(List.of("Size:large", "Security:tls"), demo.presets());
        JsonNode values = tree(demo);
        assertEquals(5, values.path("replicas").asInt());
        assertTrue(values.path("tls").asBoolean());
        assertEquals(List.of("c"), fieldNames(values.path("legacy")), "remove dropped a and b before add put c");
        assertTrue(demo.values().startsWith("# spectrocloud.com/enabled-presets: Size:large,Security:tls\n"));
    }

    @Test
    void overridesDeepMergeAndNullRemoves() throws Exception {
        LockedLayer demo = demo("""
                values: |
                  manifests:
                    demo:
                      replicas: 3
                      mode: null
                      legacy:
                        b: 20
                  extra:
                    key: value
                """);
        JsonNode values = tree(demo);
        assertEquals(3, values.path("replicas").asInt());
        assertFalse(values.has("mode"));
        assertEquals(1, values.path("legacy").path("a").asInt());
        assertEquals(20, values.path("legacy").path("b").asInt());
        assertEquals(8080, values.path("port").asInt());
        assertTrue(demo.values().contains("extra:\n  key: value\n"));
    }

    @Test
    void variablesAreSubstitutedAndCheckedSecretsStayPlaceholders() throws Exception {
        String yaml = profileWith("""
                values: |
                  manifests:
                    demo:
                      host: "{{.spectro.var.host}}"
                      replicas: "{{ .spectro.var.replicas }}"
                      secret: "{{.spectro.var.token}}"
                """, """
                - name: host
                  defaultValue: a.example.com
                - name: replicas
                  format: number
                  defaultValue: "2"
                - name: token
                  isSensitive: true
                  required: true
                """);
        Lock lock = resolver.resolve(profile(yaml), demoSource(), Map.of("host", "b.example.com", "token", "s3cr3t"));
        JsonNode values = tree(layer(lock, "demo"));
        assertEquals("b.example.com", values.path("host").asText());
        assertEquals("2", values.path("replicas").asText());
        assertEquals("{{.spectro.var.token}}", values.path("secret").asText());
        assertFalse(lock.toJson().contains("s3cr3t"));
        Lock defaults = resolver.resolve(profile(yaml), demoSource(), Map.of("token", "x"));
        assertEquals("a.example.com", tree(layer(defaults, "demo")).path("host").asText());
    }

    @Test
    void variableErrorsNameTheVariable() {
        String yaml = profileWith("""
                values: |
                  manifests:
                    demo:
                      host: "{{.spectro.var.hots}}"
                """, """
                - name: token
                  required: true
                - name: count
                  format: number
                - name: fixed
                  immutable: true
                  defaultValue: a
                - name: cidr
                  format: ipv4cidr
                  regex: "^10\\\\."
                """);
        List<String> errors = errors(yaml, Map.of("count", "many", "fixed", "b", "nope", "1", "cidr", "192.168.0.0/16"));
        assertHas(errors, "variables[0]: variable 'token' is required and has no value (variable.required)",
                "variables[1]: variable 'count' is 'many', which is not a number",
                "variables[2]: variable 'fixed' is immutable",
                "variables[3]: variable 'cidr' is '192.168.0.0/16', which does not match /^10\\./",
                "variables: a value is given for 'nope', but the profile declares no such variable",
                "layers[0].values: demo uses {{.spectro.var.hots}}, but the profile declares no variable hots");
    }

    @Test
    void schemaViolationsAreAllReported() {
        String yaml = profileWith("""
                values: |
                  manifests:
                    demo:
                      replicas: 7
                      port: abc
                      mode: slow
                      host: UPPER
                      apiPort: 1
                      pool: "10.0.0.1 - ten"
                      version: x.y
                      address: 300.1.1.1
                      enabled: maybe
                      args: ["--ok", "bad"]
                """, "");
        List<String> errors = errors(yaml, Map.of());
        assertHas(errors,
                "layers[0].values: demo 1.0.0: manifests.demo.replicas is '7', which is not within 1 to 5",
                "manifests.demo.port is 'abc', which is not a number (schema.yaml: ${number})",
                "manifests.demo.mode is 'slow', which is not one of fast, safe",
                "manifests.demo.host is 'UPPER', which does not match /^[a-z0-9.-]+$/",
                "manifests.demo.apiPort is read-only: the pack sets it to '6443', the profile makes it '1'",
                "manifests.demo.pool is '10.0.0.1 - ten', which has 'ten', which is not an IPv4 address",
                "manifests.demo.version is 'x.y', which is not a version",
                "manifests.demo.address is '300.1.1.1', which is not an IPv4 address",
                "manifests.demo.enabled is 'maybe', which is not true or false",
                "manifests.demo.args[1] is 'bad', which does not match /^--[a-z]+/");
        assertEquals(10, errors.size(), String.join("\n", errors));
    }

    @Test
    void requiredValueRemoved() {
        List<String> errors = errors(profileWith("values: {manifests: {demo: {host: null, replicas: ''}}}", ""), Map.of());
        assertHas(errors, "manifests.demo.host is required but not set", "manifests.demo.replicas is required but empty");
    }

    @Test
    void presetErrors() {
        assertHas(errors(profileWith("presets: [Size:huge]", ""), Map.of()),
                "layers[0].presets: demo 1.0.0 has no preset 'Size:huge'; its presets are Size:small, Size:large, Security:tls");
        assertHas(errors(profileWith("presets: [small, large]", ""), Map.of()),
                "presets Size:small and Size:large of demo 1.0.0 are in the same group Size");
    }

    @Test
    void valuesThatAreNotYamlOrNotAMapping() {
        assertHas(errors(profileWith("values: \"a: [\"", ""), Map.of()), "layers[0].values: demo: the values are not "
                + "valid YAML", "values.syntax");
        assertHas(errors(profileWith("values: \"- a\"", ""), Map.of()), "the values are not a mapping");
        assertHas(errors(profileWith("values: {pack: {spectrocloud.com/install-priority: high}}", ""), Map.of()),
                "pack.spectrocloud.com/install-priority is 'high', not a whole number");
    }

    @Test
    void addOnsInstallByPriorityThenProfileOrder() throws Exception {
        Lock lock = resolver.resolve(profile("""
                name: order
                type: add-on
                layers:
                  - name: plain
                  - name: demo
                    displayName: first-demo
                  - name: early
                  - name: manifests
                    values: |
                      pack:
                        spectrocloud.com/install-priority: "5"
                    manifests:
                      - name: cm
                        content: "kind: ConfigMap # {{.spectro.var.who}}"
                  - name: demo
                    displayName: second-demo
                    values: {pack: {spectrocloud.com/install-priority: "-1"}}
                variables:
                  - name: who
                    defaultValue: me
                """), demoSource());
        assertEquals(List.of("early@-1", "demo (second-demo)@-1", "plain@0", "demo (first-demo)@5", "manifests@5"),
                lock.layers().stream().map(l -> l.key() + "@" + l.installPriority().orElseThrow()).toList());
        LockedLayer manifests = layer(lock, "manifests");
        assertEquals("manifest", manifests.type());
        assertEquals("1.0.0", manifests.version());
        assertEquals("kind: ConfigMap # me", manifests.manifests().get(0).content());
        assertTrue(manifests.digest().startsWith("sha256:"));
        assertEquals(List.of(1, 2, 3, 4, 5), lock.layers().stream().map(LockedLayer::installOrder).toList());
    }

    @Test
    void builtInSchemaReadonlyAndRanges() {
        String base = FixtureResolutionTest.full("1.30.x", "cert-manager") + """
                    presets: [Availability:high-availability]
                    values: |
                      charts:
                        cert-manager:
                          webhook:
                            replicaCount: 9
                          global:
                            leaderElection:
                              namespace: elsewhere
                          extraArgs: ["--enable-certificate-owner-ref=true", "oops"]
                """;
        String yaml = base.replace("  - name: kubernetes\n    version: \"1.30.x\"\n", "  - name: kubernetes\n    version: \"1.30.x\"\n"
                + "    values: {kubeadmconfig: {apiServer: {extraArgs: {secure-port: \"7443\"}}}}\n");
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(profile(yaml), TestPacks.everything()));
        List<String> errors = e.problems().stream().map(Problem::format).toList();
        assertHas(errors, "layers[1].values: kubernetes 1.30.6: kubeadmconfig.apiServer.extraArgs.secure-port is read-only",
                "layers[4].values: cert-manager 1.15.3: charts.cert-manager.webhook.replicaCount is '9', which is not "
                        + "within 1 to 5", "charts.cert-manager.global.leaderElection.namespace is read-only",
                "charts.cert-manager.extraArgs[1] is 'oops', which does not match");
        assertContains(e.getMessage(), "ERROR profile layers[4].values");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
