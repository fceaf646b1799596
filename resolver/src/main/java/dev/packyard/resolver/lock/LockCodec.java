package dev.packyard.resolver.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.packs.Layer;
import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import dev.packyard.resolver.ResolutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes and reads locks. The tree is built by hand, field by field, so the order is fixed by this code and not by
 * reflection, and absent or empty fields are left out; Jackson then prints it with {@code \n} line ends whatever the
 * platform, which is what makes two resolutions byte-identical.
 */
final class LockCodec {

    static final String FILE = "lock";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectWriter JSON_WRITER = JSON.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private LockCodec() {
    }

    static String toJson(Lock lock) {
        try {
            return JSON_WRITER.writeValueAsString(tree(lock)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lock tree could not be written as JSON", e);
        }
    }

    static String toYaml(Lock lock) {
        try {
            return YAML.writeValueAsString(tree(lock));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lock tree could not be written as YAML", e);
        }
    }

    private static ObjectNode tree(Lock lock) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("lockVersion", lock.lockVersion());
        ObjectNode profile = root.putObject("profile");
        profile.put("name", lock.profile().name());
        profile.put("version", lock.profile().version());
        profile.put("type", lock.profile().type());
        profile.put("cloudType", lock.profile().cloudType());
        ArrayNode layers = root.putArray("layers");
        for (LockedLayer layer : lock.layers()) {
            ObjectNode node = layers.addObject();
            node.put("name", layer.name());
            layer.displayName().ifPresent(d -> node.put("displayName", d));
            node.put("layer", layer.layer().id());
            node.put("version", layer.version());
            layer.reference().ifPresent(r -> node.put("reference", r));
            node.put("type", layer.type());
            layer.registry().ifPresent(r -> node.put("registry", r));
            layer.repository().ifPresent(r -> node.put("repository", r));
            node.put("digest", layer.digest());
            node.put("installOrder", layer.installOrder());
            layer.installPriority().ifPresent(p -> node.put("installPriority", p));
            strings(node, "presets", layer.presets());
            node.put("values", layer.values());
            node.put("valuesDigest", layer.valuesDigest());
            if (!layer.manifests().isEmpty()) {
                ArrayNode manifests = node.putArray("manifests");
                for (LockedManifest manifest : layer.manifests()) {
                    manifests.addObject().put("name", manifest.name()).put("content", manifest.content());
                }
            }
            strings(node, "warnings", layer.warnings());
        }
        return root;
    }

    private static void strings(ObjectNode node, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(array::add);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static Lock parse(String text) throws ResolutionException {
        JsonNode root;
        try {
            boolean json = text != null && text.stripLeading().startsWith("{");
            root = text == null || text.isBlank() ? null : (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw ResolutionException.of(FILE, "", "lock.syntax", "cannot be read: " + e.getOriginalMessage(),
                    "give a lock written by packyard resolve (JSON or YAML)");
        }
        if (root == null || !root.isObject()) {
            throw ResolutionException.of(FILE, "", "lock.structure", "is not a lock document",
                    "give a lock written by packyard resolve (JSON or YAML)");
        }
        Reader reader = new Reader();
        Lock lock = reader.lock(root);
        if (!reader.problems.isEmpty()) {
            throw new ResolutionException(reader.problems);
        }
        return lock;
    }

    /** Reads the tree field by field, collecting every problem. */
    private static final class Reader {

        final List<Problem> problems = new ArrayList<>();

        Lock lock(JsonNode root) {
            int version = root.path("lockVersion").asInt(-1);
            if (version != Lock.FORMAT_VERSION) {
                problem("lockVersion", "is " + root.path("lockVersion").asText("missing") + "; this Packyard reads "
                        + "lock version " + Lock.FORMAT_VERSION, "resolve the profile again to write a current lock");
            }
            JsonNode p = root.path("profile");
            LockedProfile profile = new LockedProfile(text(p, "name", "profile.name"),
                    text(p, "version", "profile.version"), text(p, "type", "profile.type"),
                    text(p, "cloudType", "profile.cloudType"));
            List<LockedLayer> layers = new ArrayList<>();
            JsonNode list = root.path("layers");
            if (!list.isArray()) {
                problem("layers", "is missing or not a list", "give the lock's layers[]");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    layers.add(layer(list.get(i), "layers[" + i + "]"));
                }
            }
            return new Lock(version, profile, layers);
        }

        LockedLayer layer(JsonNode node, String path) {
            String kind = text(node, "layer", path + ".layer");
            Optional<Layer> layer = Layer.byId(kind.toLowerCase(Locale.ROOT));
            if (layer.isEmpty() && !kind.isEmpty()) {
                problem(path + ".layer", "'" + kind + "' is not a layer", "use os, k8s, cni, csi or addon");
            }
            JsonNode order = node.path("installOrder");
            if (!order.canConvertToInt()) {
                problem(path + ".installOrder", "is missing or not a whole number", "give the install position");
            }
            JsonNode priority = node.get("installPriority");
            List<LockedManifest> manifests = new ArrayList<>();
            for (JsonNode m : node.path("manifests")) {
                manifests.add(new LockedManifest(m.path("name").asText(""), m.path("content").asText("")));
            }
            return new LockedLayer(order.asInt(0), text(node, "name", path + ".name"),
                    optional(node, "displayName"), layer.orElse(Layer.ADDON), node.path("type").asText("spectro"),
                    text(node, "version", path + ".version"), optional(node, "reference"), optional(node, "registry"),
                    optional(node, "repository"), text(node, "digest", path + ".digest"),
                    priority != null && priority.canConvertToInt() ? OptionalInt.of(priority.asInt()) : OptionalInt.empty(),
                    strings(node.path("presets")), node.path("values").asText(""), node.path("valuesDigest").asText(""),
                    manifests, strings(node.path("warnings")));
        }

        private String text(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
                problem(path, "is missing", "give " + key + " (the lock may have been edited by hand)");
                return "";
            }
            return value.asText();
        }

        private static Optional<String> optional(JsonNode node, String key) {
            JsonNode value = node.get(key);
            return value == null || !value.isValueNode() || value.asText().isEmpty() ? Optional.empty()
                    : Optional.of(value.asText());
        }

        private static List<String> strings(JsonNode array) {
            List<String> values = new ArrayList<>();
            array.forEach(v -> values.add(v.asText()));
            return values;
        }

        private void problem(String field, String message, String fix) {
            problems.add(new Problem(Severity.ERROR, FILE, field, "lock.field", message, fix));
        }
    }
}
