package dev.packyard.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.Pack;
import dev.packyard.packs.Preset;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.lock.LockedManifest;
import dev.packyard.resolver.profile.ManifestLayer;
import dev.packyard.resolver.profile.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A layer's values: the pack's values.yaml, then the selected presets (each one's {@code remove} paths, then its
 * {@code add} merged; remove first, so a preset can replace a subtree), then the profile's overrides deep-merged (a
 * {@code null} removes a key, as in Helm), then variables substituted. The result is checked against the pack's
 * schema.yaml.
 */
final class ValuesBuilder {

    static final String PRIORITY = "pack.spectrocloud.com/install-priority";
    static final String DISPLAY_NAME = "pack.spectrocloud.com/display-name";

    /**
     * The values of one layer.
     *
     * @param text      what the lock records (sensitive variables left as placeholders)
     * @param presets   the presets in effect, as {@code Group:name}
     * @param priority  the install priority
     * @param manifests a manifest layer's manifests, variables substituted
     */
    record Built(String text, List<String> presets, int priority, List<LockedManifest> manifests) {
    }

    private ValuesBuilder() {
    }

    static Optional<Built> pack(Slot slot, Pack pack, Variables.Values variables, List<Problem> problems) {
        int errorsBefore = problems.size();
        String who = slot.chosen.label();
        JsonNode tree = pack.values().tree();
        ObjectNode values = tree.isObject() ? (ObjectNode) tree : JsonNodeFactory.instance.objectNode();
        List<String> presets = applyPresets(slot, pack, values, problems);
        JsonNode baseline = values.deepCopy();
        merge(values, slot.overrides, true);
        JsonNode checked = Variables.substitute(values, variables, false);
        JsonNode locked = Variables.substitute(values, variables, true);
        for (String violation : SchemaCheck.check(pack.schema(), checked, baseline)) {
            problems.add(Errors.at(slot.field() + ".values", "values.schema", who + ": " + violation,
                    "set it in the layer's values as the pack's schema.yaml asks"));
        }
        OptionalInt priority = priority(slot, checked, problems);
        if (problems.size() != errorsBefore) {
            return Optional.empty();
        }
        String text = YamlText.write(locked);
        if (!presets.isEmpty()) {
            text = "# spectrocloud.com/enabled-presets: " + String.join(",", presets) + "\n" + text;
        }
        return Optional.of(new Built(text, presets, priority.orElse(0), List.of()));
    }

    static Optional<Built> manifest(Slot slot, Variables.Values variables, List<Problem> problems) {
        int errorsBefore = problems.size();
        ManifestLayer layer = (ManifestLayer) slot.layer;
        JsonNode checked = Variables.substitute(slot.overrides, variables, false);
        JsonNode locked = Variables.substitute(slot.overrides, variables, true);
        List<LockedManifest> manifests = new ArrayList<>();
        for (Manifest manifest : layer.manifests()) {
            manifests.add(new LockedManifest(manifest.name(), Variables.substitute(manifest.content(), variables, true)));
        }
        OptionalInt priority = priority(slot, checked, problems);
        if (problems.size() != errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Built(YamlText.write(locked), List.of(), priority.orElse(0), manifests));
    }

    /** Applies the layer's selected presets; returns the presets in effect (the pack's defaults, regrouped). */
    private static List<String> applyPresets(Slot slot, Pack pack, ObjectNode values, List<Problem> problems) {
        List<String> selected = slot.pack().presets();
        Map<String, String> effective = new LinkedHashMap<>(); // group -> Group:name
        for (String id : pack.values().enabledPresets()) {
            effective.put(id.contains(":") ? id.substring(0, id.indexOf(':')) : id, id);
        }
        if (selected.isEmpty()) {
            return List.copyOf(effective.values()); // values.yaml already holds its enabled presets
        }
        String who = slot.chosen.label();
        Map<String, Preset> chosen = new LinkedHashMap<>();
        for (String selection : selected) {
            Optional<Preset> preset = find(pack.presets(), selection);
            if (preset.isEmpty()) {
                List<String> ids = pack.presets().stream().map(Preset::id).toList();
                problems.add(Errors.at(slot.field() + ".presets", "preset.unknown", who + " has no preset '"
                        + selection + "'" + (ids.isEmpty() ? "; it has no presets" : "; its presets are "
                        + String.join(", ", ids)), "select one of its presets, as Group:name"));
                continue;
            }
            Preset other = chosen.putIfAbsent(preset.get().group(), preset.get());
            if (other != null && other != preset.get()) {
                problems.add(Errors.at(slot.field() + ".presets", "preset.group", "presets " + other.id() + " and "
                        + preset.get().id() + " of " + who + " are in the same group " + other.group(),
                        "select one preset per group"));
            }
        }
        for (Preset preset : chosen.values()) {
            for (String path : preset.remove()) {
                ValuePaths.remove(values, path);
            }
            YamlText.Parsed add = YamlText.parse(preset.add());
            if (!add.ok() || !add.tree().isObject()) {
                problems.add(Errors.at(slot.field() + ".presets", "preset.add", who + " preset " + preset.id()
                        + " has an 'add' that is not a YAML mapping" + (add.ok() ? "" : " (" + add.error() + ")"),
                        "fix the pack's presets.yaml"));
                continue;
            }
            merge(values, add.tree(), false);
            effective.put(preset.group(), preset.id());
        }
        return List.copyOf(effective.values());
    }

    private static Optional<Preset> find(List<Preset> presets, String selection) {
        int colon = selection.indexOf(':');
        if (colon >= 0) {
            String group = selection.substring(0, colon).strip();
            String name = selection.substring(colon + 1).strip();
            return presets.stream().filter(p -> p.group().equalsIgnoreCase(group) && p.name().equals(name)).findFirst();
        }
        List<Preset> named = presets.stream().filter(p -> p.name().equals(selection)).toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    /** Deep merge: mappings merge key by key, anything else replaces; with {@code nullRemoves}, null drops the key. */
    static void merge(ObjectNode target, JsonNode overlay, boolean nullRemoves) {
        if (overlay == null || !overlay.isObject()) {
            return;
        }
        overlay.properties().forEach(e -> {
            JsonNode value = e.getValue();
            JsonNode existing = target.get(e.getKey());
            if (value.isNull() && nullRemoves) {
                target.remove(e.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value, nullRemoves);
            } else {
                target.set(e.getKey(), copyWithoutNulls(value, nullRemoves));
            }
        });
    }

    private static JsonNode copyWithoutNulls(JsonNode value, boolean nullRemoves) {
        if (!nullRemoves || !value.isObject()) {
            return value.deepCopy();
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        merge(copy, value, true);
        return copy;
    }

    private static OptionalInt priority(Slot slot, JsonNode values, List<Problem> problems) {
        for (ValuePaths.Found found : ValuePaths.find(values, PRIORITY)) {
            if (found.empty()) {
                continue;
            }
            String text = found.value().isValueNode() ? found.value().asText().strip() : "";
            try {
                return OptionalInt.of(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                problems.add(Errors.at(slot.field() + ".values", "values.install-priority", slot.name() + ": "
                        + PRIORITY + " is '" + text + "', not a whole number", "write a whole number, e.g. \"10\""));
            }
        }
        return OptionalInt.empty();
    }

    /** The display name set in values ({@code pack.spectrocloud.com/display-name}), if any. */
    static Optional<String> displayName(JsonNode values) {
        for (ValuePaths.Found found : ValuePaths.find(values, DISPLAY_NAME)) {
            if (!found.empty() && found.value().isValueNode()) {
                return Optional.of(found.value().asText().strip());
            }
        }
        return Optional.empty();
    }
}
