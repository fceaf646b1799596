package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values.yaml: required (an empty file is fine), pack-central CI's line rules ({@link YamlLines}), YAML syntax,
 * the {@code pack:} section's shape, the first-line enabled-presets comment; warns when the file has no {@code pack:}
 * section or neither {@code charts:} nor {@code manifests:}, as CI does.
 */
final class ValuesReader {

    static final String FILE = "values.yaml";

    private static final Pattern ENABLED_PRESETS = Pattern.compile("#\\s*spectrocloud\\.com/enabled-presets\\s*:(.*)");
    /**
     * Layers below the workloads: they ship no workload images (pack-central's CI exempts os and k8s from
     * the image check) and are configured by their own keys rather than charts or manifests.
     */
    private static final Set<Layer> INFRASTRUCTURE = Set.of(Layer.KERNEL, Layer.OS, Layer.K8S);

    private final Problems problems;

    private ValuesReader(Problems problems) {
        this.problems = problems;
    }

    /** The values when the file has no error; empty otherwise. {@code layer} is known when pack.json could be read. */
    static Optional<PackValues> read(PackFiles files, Optional<Layer> layer, Problems problems) {
        return new ValuesReader(problems).read(files, layer);
    }

    private Optional<PackValues> read(PackFiles files, Optional<Layer> layer) {
        byte[] bytes = files.bytes(FILE);
        if (bytes == null) {
            problems.error(FILE, "", "file.missing", "is missing; every pack needs values.yaml",
                    "add values.yaml; an empty file is enough when there is nothing to configure");
            return Optional.empty();
        }
        int errorsBefore = problems.errorCount();
        Optional<String> decoded = StructuredText.decode(bytes, FILE, problems);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String text = decoded.get();
        YamlLines.check(text, FILE, problems);
        Optional<JsonNode> parsed = StructuredText.yaml(text, FILE, "", problems);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode tree = parsed.get().isMissingNode() ? JsonNodeFactory.instance.objectNode() : parsed.get();
        if (!tree.isObject()) {
            problems.error(FILE, "", "values.type", "holds " + PackJsonSchema.describe(tree) + ", not a mapping",
                    "write values as keys: pack:, charts: or manifests:");
            return Optional.empty();
        }
        if (!tree.has("pack")) {
            problems.warning(FILE, "pack", "values.no-pack", "has no 'pack:' section",
                    "add pack: with at least namespace: and content.images: for the pack's images");
        }
        // Kernel, OS and Kubernetes packs are configured by their own keys (kubeadmconfig:, cluster:), not charts.
        boolean infrastructure = layer.isPresent() && INFRASTRUCTURE.contains(layer.get());
        if (!tree.has("charts") && !tree.has("manifests") && !infrastructure) {
            problems.warning(FILE, "", "values.no-charts-or-manifests", "has neither a 'charts:' nor a 'manifests:' section",
                    "put chart values under charts.<chart-name>: and manifest values under manifests.<file-name>:");
        }
        PackSection pack = section(tree.get("pack"));
        if (layer.isPresent() && !infrastructure && pack.images().isEmpty()) {
            problems.warning(FILE, "pack.content.images", "values.no-images",
                    "lists no container images, so air-gapped mirrors cannot copy them",
                    "list every image the pack runs as pack.content.images: - image: <registry/name:tag>");
        }
        if (problems.errorCount() != errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new PackValues(text, tree, pack, enabledPresets(text)));
    }

    /** The {@code Group:name} entries of the enabled-presets comment in the file's leading comment lines. */
    static List<String> enabledPresets(String text) {
        List<String> enabled = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                break;
            }
            Matcher m = ENABLED_PRESETS.matcher(trimmed);
            if (m.matches()) {
                for (String entry : m.group(1).split(",")) {
                    if (!entry.isBlank()) {
                        enabled.add(entry.strip());
                    }
                }
            }
        }
        return enabled;
    }

    private PackSection section(JsonNode pack) {
        if (pack == null || pack.isNull()) {
            return PackSection.EMPTY;
        }
        if (!pack.isObject()) {
            typeProblem("pack", pack, "a mapping");
            return PackSection.EMPTY;
        }
        JsonNode content = pack.path("content");
        if (!content.isMissingNode() && !content.isNull() && !content.isObject()) {
            typeProblem("pack.content", content, "a mapping");
        }
        List<String> images = new ArrayList<>();
        forEachItem(content.get("images"), "pack.content.images", (item, path) -> {
            JsonNode image = item.isObject() ? item.get("image") : null;
            if (image == null || image.isNull() || (image.isValueNode() && image.asText().isBlank())) {
                problems.error(FILE, path + ".image", "values.required", "has no image reference",
                        "write each item as - image: <registry/name:tag>");
            } else {
                scalar(image, path + ".image").ifPresent(images::add);
            }
        });
        List<ChartReference> charts = new ArrayList<>();
        forEachItem(content.get("charts"), "pack.content.charts", (item, path) -> {
            if (!item.isObject()) {
                typeProblem(path, item, "a mapping with repo, name and version");
                return;
            }
            List<String> parts = new ArrayList<>();
            for (String key : List.of("repo", "name", "version")) {
                JsonNode value = item.get(key);
                if (value == null || value.isNull()) {
                    problems.error(FILE, path + "." + key, "values.required", "is missing",
                            "give the upstream chart's repo, name and version");
                }
                parts.add(scalar(value, path + "." + key).orElse(""));
            }
            charts.add(new ChartReference(parts.get(0), parts.get(1), parts.get(2)));
        });
        List<String> additional = new ArrayList<>();
        forEachItem(pack.get("additionalNamespaces"), "pack.additionalNamespaces",
                (item, path) -> scalar(item, path).ifPresent(additional::add));
        return new PackSection(scalar(pack.get("namespace"), "pack.namespace"), additional,
                stringMap(pack.get("namespaceLabels"), "pack.namespaceLabels"), images, charts,
                stringMap(pack.get("releaseNameOverride"), "pack.releaseNameOverride"), installPriority(pack),
                scalar(pack.get("spectrocloud.com/display-name"), "pack.spectrocloud.com/display-name"));
    }

    private OptionalInt installPriority(JsonNode pack) {
        String path = "pack.spectrocloud.com/install-priority";
        Optional<String> text = scalar(pack.get("spectrocloud.com/install-priority"), path);
        if (text.isEmpty() || text.get().isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get().strip()));
        } catch (NumberFormatException e) {
            problems.error(FILE, path, "values.install-priority", "'" + text.get() + "' is not a whole number",
                    "write a whole number in quotes, e.g. \"1\"");
            return OptionalInt.empty();
        }
    }

    private Map<String, String> stringMap(JsonNode node, String path) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            typeProblem(path, node, "a mapping");
            return map;
        }
        node.properties().forEach(e -> scalar(e.getValue(), path + "." + e.getKey()).ifPresent(v -> map.put(e.getKey(), v)));
        return map;
    }

    private void forEachItem(JsonNode node, String path, BiConsumer<JsonNode, String> item) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            typeProblem(path, node, "a list");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            item.accept(node.get(i), path + "[" + i + "]");
        }
    }

    /** A scalar's text (decimals as written, 1.10 stays 1.10); empty for absent or null, a problem for containers. */
    private Optional<String> scalar(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isContainerNode()) {
            typeProblem(path, node, "a single value");
            return Optional.empty();
        }
        return Optional.of(node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText());
    }

    private void typeProblem(String path, JsonNode node, String expected) {
        problems.error(FILE, path, "values.type", "is " + PackJsonSchema.describe(node) + ", expected " + expected,
                "write " + path + " as " + expected);
    }
}
