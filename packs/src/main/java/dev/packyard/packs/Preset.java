package dev.packyard.packs;

import java.util.List;
import java.util.Objects;

/**
 * A named set of value changes from presets.yaml, offered in the UI; one preset per group can be selected.
 *
 * @param name        unique within the pack
 * @param displayName shown in the UI (the name when the file gives none)
 * @param group       presets of one group exclude each other
 * @param remove      dotted values paths the preset removes
 * @param add         a YAML document merged into values ({@code ""} when none)
 */
public record Preset(String name, String displayName, String group, List<String> remove, String add) {

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(group, "group");
        remove = List.copyOf(remove);
        Objects.requireNonNull(add, "add");
    }

    /** The {@code Group:name} form values.yaml uses to record the preset as selected. */
    public String id() {
        return group + ":" + name;
    }
}
