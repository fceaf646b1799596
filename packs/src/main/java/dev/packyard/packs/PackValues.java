package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The pack's values.yaml.
 *
 * @param text           the file as written: comments and layout matter to users and to the first-line preset marker
 * @param tree           the parsed document (an empty object for an empty file); copied in and out because Jackson
 *                       trees are mutable
 * @param pack           the {@code pack:} section, read
 * @param enabledPresets presets recorded as selected by the first-line comment
 *                       {@code # spectrocloud.com/enabled-presets: Group:name,Group2:name2}, as {@code Group:name}
 */
public record PackValues(String text, JsonNode tree, PackSection pack, List<String> enabledPresets) {

    public PackValues {
        Objects.requireNonNull(text, "text");
        tree = tree.deepCopy();
        Objects.requireNonNull(pack, "pack");
        enabledPresets = List.copyOf(enabledPresets);
    }

    /** A copy of the parsed document. */
    @Override
    public JsonNode tree() {
        return tree.deepCopy();
    }
}
