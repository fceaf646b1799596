package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The rules of pack-central's {@code validator/pack-schema.json}, the schema its CI checks {@code pack.json} against,
 * written out in Java. Why not a JSON Schema library: the schema is small, fixed and uses only {@code type},
 * {@code required}, {@code enum}, {@code minLength} and {@code $ref}; checking it by hand gives each problem the exact
 * field path, a stable rule id and a fix a person can act on (generic validators report schema keywords), and keeps
 * a dependency off the classpath. A test compares these lists with the schema file so the two cannot drift apart.
 *
 * <p>Like the schema, unknown fields (e.g. pack-central's {@code commit_msg}) are allowed.
 */
final class PackJsonSchema {

    static final String FILE = "pack.json";

    static final List<String> REQUIRED = List.of("name", "displayName", "version", "layer");
    static final List<String> LAYERS = Arrays.stream(Layer.values()).map(Layer::id).toList();
    static final List<String> CLOUD_TYPES = List.of("all", "aws", "azure", "gcp", "vsphere", "openstack", "baremetal",
            "maas", "aks", "eks", "tencent", "tke", "edge", "libvirt", "edge-native", "coxedge", "custom");
    /** The legacy single {@code cloudType}: the schema's list lacks {@code custom}. */
    static final List<String> CLOUD_TYPE = CLOUD_TYPES.subList(0, CLOUD_TYPES.size() - 1);
    static final List<String> STRING_FIELDS = List.of("group", "eol", "addonType", "addonSubType");
    static final List<String> PATH_LISTS = List.of("ansibleRoles", "charts", "kubeManifests");
    static final List<String> DEPENDENCY_REQUIRED = List.of("packName", "layer", "type");
    static final List<String> DEPENDENCY_TYPES = Arrays.stream(DependencyType.values()).map(DependencyType::id).toList();
    static final List<String> RESOURCE_TYPES = List.of("cpu", "memory", "diskSize");
    static final List<String> SCHEDULE_TYPES = List.of("all", "master", "worker");

    /** Example values for fixes, so "add it" can say what it looks like. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "name", "\"my-pack\"", "displayName", "\"My Pack\"", "version", "\"1.0.0\"", "layer", "\"addon\"",
            "packName", "\"kubernetes\"", "type", "\"optional\"", "scheduleType", "\"all\"");

    private final Problems problems;

    private PackJsonSchema(Problems problems) {
        this.problems = problems;
    }

    static void check(JsonNode root, Problems problems) {
        new PackJsonSchema(problems).root(root);
    }

    private void root(JsonNode root) {
        if (!root.isObject()) {
            problems.error(FILE, "", "schema.type", "holds " + describe(root) + ", not a JSON object",
                    "write pack.json as one object: {\"name\": \"my-pack\", \"displayName\": \"My Pack\", "
                            + "\"version\": \"1.0.0\", \"layer\": \"addon\"}");
            return;
        }
        required(root, "", REQUIRED);
        for (String field : List.of("name", "displayName", "version")) {
            nonEmptyString(root.get(field), field);
        }
        oneOf(root.get("layer"), "layer", LAYERS);
        for (String field : STRING_FIELDS) {
            string(root.get(field), field);
        }
        array(root.get("cloudTypes"), "cloudTypes", (item, path) -> oneOf(item, path, CLOUD_TYPES));
        oneOf(root.get("cloudType"), "cloudType", CLOUD_TYPE);
        for (String field : PATH_LISTS) {
            array(root.get(field), field, this::string);
        }
        JsonNode annotations = root.get("annotations");
        if (object(annotations, "annotations")) {
            annotations.properties().forEach(e -> string(e.getValue(), "annotations." + e.getKey()));
        }
        JsonNode constraints = root.get("constraints");
        if (object(constraints, "constraints")) {
            array(constraints.get("dependencies"), "constraints.dependencies", this::dependency);
            array(constraints.get("resources"), "constraints.resources", this::resource);
        }
    }

    private void dependency(JsonNode node, String path) {
        if (!object(node, path)) {
            return;
        }
        required(node, path, DEPENDENCY_REQUIRED);
        nonEmptyString(node.get("packName"), path + ".packName");
        oneOf(node.get("layer"), path + ".layer", LAYERS);
        string(node.get("minVersion"), path + ".minVersion");
        string(node.get("maxVersion"), path + ".maxVersion");
        oneOf(node.get("type"), path + ".type", DEPENDENCY_TYPES);
    }

    private void resource(JsonNode node, String path) {
        if (!object(node, path)) {
            return;
        }
        required(node, path, List.of("type"));
        oneOf(node.get("type"), path + ".type", RESOURCE_TYPES);
        JsonNode minLimit = node.get("minLimit");
        if (minLimit != null && !minLimit.isNumber()) {
            typeProblem(minLimit, path + ".minLimit", "a number", "write it as a bare number, e.g. 100");
        }
        array(node.get("components"), path + ".components", this::component);
    }

    private void component(JsonNode node, String path) {
        if (!object(node, path)) {
            return;
        }
        required(node, path, List.of("scheduleType"));
        oneOf(node.get("scheduleType"), path + ".scheduleType", SCHEDULE_TYPES);
        string(node.get("resourceRequestParamRef"), path + ".resourceRequestParamRef");
        string(node.get("replicaCountParamRef"), path + ".replicaCountParamRef");
    }

    private void required(JsonNode object, String path, List<String> fields) {
        for (String field : fields) {
            if (!object.has(field)) {
                String where = path.isEmpty() ? field : path + "." + field;
                problems.error(FILE, where, "schema.required", "is missing; it is required",
                        "add \"" + field + "\": " + EXAMPLES.getOrDefault(field, "\"...\""));
            }
        }
    }

    /** True when absent (checked elsewhere) or an object. */
    private boolean object(JsonNode node, String path) {
        if (node == null) {
            return false;
        }
        if (!node.isObject()) {
            typeProblem(node, path, "an object", "write it as {...}");
            return false;
        }
        return true;
    }

    private void array(JsonNode node, String path, BiConsumer<JsonNode, String> item) {
        if (node == null) {
            return;
        }
        if (!node.isArray()) {
            typeProblem(node, path, "an array", "write it as a list: [...]");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            item.accept(node.get(i), path + "[" + i + "]");
        }
    }

    private boolean string(JsonNode node, String path) {
        if (node == null) {
            return false;
        }
        if (!node.isTextual()) {
            typeProblem(node, path, "a string", node.isValueNode() && !node.isNull()
                    ? "put the value in double quotes: \"" + node.asText() + "\"" : "write it as a string: \"...\"");
            return false;
        }
        return true;
    }

    private void nonEmptyString(JsonNode node, String path) {
        if (string(node, path) && node.asText().isEmpty()) {
            String field = path.substring(path.lastIndexOf('.') + 1);
            problems.error(FILE, path, "schema.min-length", "is empty",
                    "give it a value, e.g. " + EXAMPLES.getOrDefault(field, "\"...\""));
        }
    }

    private void oneOf(JsonNode node, String path, List<String> allowed) {
        if (!string(node, path) || allowed.contains(node.asText())) {
            return;
        }
        String value = node.asText();
        String near = allowed.stream().filter(a -> a.equalsIgnoreCase(value.strip())).findFirst()
                .map(a -> "'" + a + "' (values are case-sensitive)")
                .orElse("one of " + String.join(", ", allowed));
        problems.error(FILE, path, "schema.enum", "'" + value + "' is not one of " + String.join(", ", allowed),
                "use " + near);
    }

    private void typeProblem(JsonNode node, String path, String expected, String fix) {
        problems.error(FILE, path, "schema.type", "is " + describe(node) + ", expected " + expected, fix);
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
