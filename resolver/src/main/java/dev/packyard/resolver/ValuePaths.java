package dev.packyard.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Dotted values paths as presets and schema.yaml write them: {@code charts.argo-cd.server.service.type},
 * {@code a.b.$[].c} for every item of a list, and keys that themselves hold dots
 * ({@code pack.spectrocloud.com/install-priority}), matched longest key first.
 */
final class ValuePaths {

    /**
     * One place a path leads to.
     *
     * @param path   the concrete path, with list indexes ({@code a.b[2].c})
     * @param parent the mapping holding the value, or null when the path breaks off before its last key
     * @param key    the key in that mapping
     * @param value  the value, or null when absent
     */
    record Found(String path, JsonNode parent, String key, JsonNode value) {

        /** True when the value is absent, null, blank text or an empty list or mapping. */
        boolean empty() {
            return value == null || value.isNull() || value.isMissingNode()
                    || (value.isTextual() && value.asText().isBlank()) || (value.isContainerNode() && value.isEmpty());
        }
    }

    private ValuePaths() {
    }

    /** Every place the path leads to in the tree, present or not. */
    static List<Found> find(JsonNode root, String path) {
        List<Found> out = new ArrayList<>();
        walk(root, path.split("\\."), 0, "", out);
        return out;
    }

    /** Removes what the path leads to; true when something was removed. */
    static boolean remove(JsonNode root, String path) {
        boolean removed = false;
        for (Found found : find(root, path)) {
            if (found.parent() instanceof ObjectNode parent && found.value() != null) {
                parent.remove(found.key());
                removed = true;
            }
        }
        return removed;
    }

    private static void walk(JsonNode node, String[] segments, int i, String shown, List<Found> out) {
        String segment = segments[i];
        if (segment.equals("$[]")) {
            if (node != null && node.isArray()) {
                for (int index = 0; index < node.size(); index++) {
                    String at = shown + "[" + index + "]";
                    if (i + 1 == segments.length) {
                        out.add(new Found(at, node, Integer.toString(index), node.get(index)));
                    } else {
                        walk(node.get(index), segments, i + 1, at, out);
                    }
                }
            } else {
                out.add(new Found(join(shown, rest(segments, i)), null, segment, null));
            }
            return;
        }
        if (node != null && node.isObject()) {
            for (int k = segments.length - i; k >= 1; k--) {
                String key = String.join(".", java.util.Arrays.copyOfRange(segments, i, i + k));
                if (node.has(key)) {
                    String at = join(shown, key);
                    if (i + k == segments.length) {
                        out.add(new Found(at, node, key, node.get(key)));
                    } else {
                        walk(node.get(key), segments, i + k, at, out);
                    }
                    return;
                }
            }
            if (i + 1 == segments.length) {
                out.add(new Found(join(shown, segment), node, segment, null));
                return;
            }
        }
        out.add(new Found(join(shown, rest(segments, i)), null, segment, null));
    }

    private static String rest(String[] segments, int i) {
        return String.join(".", java.util.Arrays.copyOfRange(segments, i, segments.length));
    }

    private static String join(String shown, String key) {
        return shown.isEmpty() ? key : shown + "." + key;
    }
}
