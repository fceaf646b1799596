package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the optional presets.yaml ({@code presets: [{name, displayName, group, remove, add}]}) and checks that the
 * presets values.yaml records as enabled exist, one per group.
 */
final class PresetsReader {

    static final String FILE = "presets.yaml";

    private final Problems problems;

    private PresetsReader(Problems problems) {
        this.problems = problems;
    }

    /** The presets (none when the file is absent), or empty when the file has an error. */
    static Optional<List<Preset>> read(PackFiles files, Problems problems) {
        return new PresetsReader(problems).read(files);
    }

    private Optional<List<Preset>> read(PackFiles files) {
        int errorsBefore = problems.errorCount();
        Optional<JsonNode> parsed = StructuredText.optionalYaml(files, FILE, problems);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = parsed.get();
        if (root.isMissingNode()) {
            return Optional.of(List.of());
        }
        JsonNode list = root.get("presets");
        if (!root.isObject() || list == null || !(list.isArray() || list.isNull())) {
            problems.error(FILE, root.isObject() && list != null ? "presets" : "", "presets.structure",
                    "must hold a list under 'presets:'", "write presets: as a list of items with name:, displayName:, group:, remove: and add:");
            return Optional.empty();
        }
        List<Preset> presets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "presets[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                problems.error(FILE, path, "presets.type", "is " + PackJsonSchema.describe(item) + ", expected a mapping",
                        "write each preset as - name: ... group: ... add: |");
                continue;
            }
            String name = requiredText(item, path, "name");
            String group = requiredText(item, path, "group");
            if (!name.isEmpty() && !names.add(name)) {
                problems.error(FILE, path + ".name", "presets.duplicate-name", "'" + name + "' is used by another preset",
                        "give each preset its own name");
            }
            String displayName = text(item.get("displayName"), path + ".displayName").orElse("");
            if (displayName.isBlank()) {
                problems.warning(FILE, path + ".displayName", "presets.display-name", "is missing; the UI shows the name",
                        "add displayName: a short label for the UI");
                displayName = name;
            }
            presets.add(new Preset(name, displayName, group, remove(item.get("remove"), path + ".remove"),
                    add(item.get("add"), path + ".add")));
        }
        return problems.errorCount() == errorsBefore ? Optional.of(presets) : Optional.empty();
    }

    /**
     * Checks the {@code Group:name} entries values.yaml records as enabled against the presets. {@code presets} is
     * empty when presets.yaml could not be read; unknown-preset checks are then skipped to avoid noise.
     */
    static void checkEnabled(List<String> enabled, Optional<List<Preset>> presets, boolean presetsFile,
            Problems problems) {
        String field = "spectrocloud.com/enabled-presets";
        Map<String, String> groupOf = new HashMap<>();
        for (String entry : enabled) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                problems.error(ValuesReader.FILE, field, "presets.enabled-format", "'" + entry
                        + "' in the enabled-presets comment is not Group:name", "write it as Group:preset-name");
                continue;
            }
            String group = entry.substring(0, colon).strip();
            String name = entry.substring(colon + 1).strip();
            String other = groupOf.put(group, entry);
            if (other != null) {
                problems.error(ValuesReader.FILE, field, "presets.group-conflict", "'" + other + "' and '" + entry
                        + "' are both enabled, but only one preset per group can be", "keep one of them");
            }
            if (presets.isEmpty()) {
                continue;
            }
            boolean known = presets.get().stream().anyMatch(p -> p.group().equals(group) && p.name().equals(name));
            if (!known) {
                String choices = presets.get().stream().map(Preset::id).collect(Collectors.joining(", "));
                problems.error(ValuesReader.FILE, field, "presets.unknown-enabled", "the enabled-presets comment names '"
                        + entry + "', which " + (presetsFile ? FILE + " does not define" : "no " + FILE + " defines"),
                        choices.isEmpty() ? "remove it from the comment or add " + FILE
                                : "use one of " + choices + ", or remove it from the comment");
            }
        }
    }

    private String requiredText(JsonNode item, String path, String key) {
        Optional<String> value = text(item.get(key), path + "." + key);
        if (value.isEmpty() || value.get().isBlank()) {
            if (item.get(key) == null || item.get(key).isNull() || value.isPresent()) {
                problems.error(FILE, path + "." + key, "presets.required", "is missing or empty",
                        "give the preset a " + key);
            }
            return "";
        }
        return value.get();
    }

    private List<String> remove(JsonNode node, String path) {
        List<String> paths = new ArrayList<>();
        if (node == null || node.isNull()) {
            return paths;
        }
        if (!node.isArray()) {
            problems.error(FILE, path, "presets.type", "is " + PackJsonSchema.describe(node) + ", expected a list",
                    "write remove: [\"charts.x.y\"] (dotted values paths), or remove: []");
            return paths;
        }
        for (int i = 0; i < node.size(); i++) {
            text(node.get(i), path + "[" + i + "]").ifPresent(paths::add);
        }
        return paths;
    }

    private String add(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            problems.error(FILE, path, "presets.type", "is " + PackJsonSchema.describe(node)
                    + ", but add must be YAML text", "write add: | and indent the values to merge below it");
            return "";
        }
        String add = node.asText();
        StructuredText.yaml(add, FILE, path, problems).ifPresent(values -> {
            if (!values.isObject() && !values.isMissingNode()) {
                problems.error(FILE, path, "presets.type", "holds " + PackJsonSchema.describe(values)
                        + ", but add must hold values keys", "write the values keys to merge under add: |, e.g. charts: or manifests:");
            }
        });
        return add;
    }

    private Optional<String> text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problems.error(FILE, path, "presets.type", "is " + PackJsonSchema.describe(node) + ", expected text",
                    "write a single value");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }
}
