package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads {@code pack.json}: JSON syntax, the pack-central schema ({@link PackJsonSchema}), then the rules the schema
 * cannot say — readable versions, an OCI-safe name, sane constraint bounds, a known lifecycle state — and maps the
 * result to {@link PackMetadata} when none of that found an error.
 */
final class PackJsonReader {

    static final String FILE = PackJsonSchema.FILE;

    /**
     * Packs are stored as OCI repositories {@code .../spectro-packs/archive/<name>}, so the name must be a valid OCI
     * repository path component (distribution spec: lower-case alphanumerics joined by '.', '_', '__' or dashes).
     */
    private static final Pattern OCI_NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    /** The parsed document (for checks of other files even when it has errors) and the metadata when it has none. */
    record Result(Optional<JsonNode> root, Optional<PackMetadata> metadata) {
    }

    private PackJsonReader() {
    }

    static Result read(PackFiles files, Problems problems) {
        byte[] bytes = files.bytes(FILE);
        if (bytes == null) {
            String nested = files.paths().stream().filter(p -> p.endsWith("/" + FILE)).findFirst()
                    .map(p -> "; found '" + p + "': the pack's files must be at the top, not in a sub-folder")
                    .orElse("");
            problems.error(FILE, "", "file.missing", "is missing; every pack needs pack.json at its top" + nested,
                    "add pack.json with name, displayName, version and layer");
            return new Result(Optional.empty(), Optional.empty());
        }
        int errorsBefore = problems.errorCount();
        Optional<JsonNode> root = StructuredText.decode(bytes, FILE, problems)
                .flatMap(text -> StructuredText.json(text, FILE, "", problems));
        if (root.isEmpty()) {
            return new Result(root, Optional.empty());
        }
        JsonNode json = root.get();
        PackJsonSchema.check(json, problems);
        if (json.isObject()) {
            checkName(json.get("name"), problems);
            checkVersion(json.get("version"), problems);
            checkDependencyBounds(json.path("constraints").path("dependencies"), problems);
            checkState(json.path("annotations"), problems);
        }
        boolean clean = problems.errorCount() == errorsBefore;
        return new Result(root, clean ? Optional.of(metadata(json)) : Optional.empty());
    }

    private static void checkName(JsonNode name, Problems problems) {
        if (name != null && name.isTextual() && !name.asText().isEmpty() && !OCI_NAME.matcher(name.asText()).matches()) {
            problems.error(FILE, "name", "name.format", "'" + name.asText()
                            + "' cannot be an OCI repository name, which Packyard stores packs under",
                    "use lower-case letters and digits joined by '-', '.' or '_', e.g. '"
                            + name.asText().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-") + "'");
        }
    }

    private static void checkVersion(JsonNode node, Problems problems) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            return; // the schema check reported it
        }
        String text = node.asText();
        Optional<PackVersion> version = PackVersion.parse(text);
        if (version.isEmpty()) {
            problems.error(FILE, "version", "version.unreadable", "'" + text + "' is not a version, even read leniently",
                    "use a semantic version major.minor.patch, e.g. '1.2.3' or '1.2.3-rc.1'");
            return;
        }
        String strict = version.get().semver().getVersion();
        if (text.strip().startsWith("v") || text.strip().startsWith("V")) {
            problems.warning(FILE, "version", "version.leading-v", "'" + text
                    + "' starts with 'v'; pack-central's CI refuses that", "write '" + strict + "'");
        }
        if (text.strip().split("[-+]", 2)[0].split("\\.").length < 3) {
            problems.warning(FILE, "version", "version.two-part", "'" + text
                    + "' has fewer than three parts; it is read as " + strict, "write '" + strict + "'");
        }
    }

    private static void checkDependencyBounds(JsonNode dependencies, Problems problems) {
        if (!dependencies.isArray()) {
            return; // the schema check reported it
        }
        for (int i = 0; i < dependencies.size(); i++) {
            String path = "constraints.dependencies[" + i + "]";
            Optional<PackVersion> min = bound(dependencies.get(i).get("minVersion"), path + ".minVersion", problems);
            Optional<PackVersion> max = bound(dependencies.get(i).get("maxVersion"), path + ".maxVersion", problems);
            if (min.isPresent() && max.isPresent() && min.get().semver().isGreaterThan(max.get().semver())) {
                problems.error(FILE, path, "dependency.empty-range", "minVersion " + min.get()
                        + " is above maxVersion " + max.get() + ", so no version can satisfy it",
                        "swap the bounds or correct one of them");
            }
        }
    }

    private static Optional<PackVersion> bound(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return Optional.empty();
        }
        Optional<PackVersion> version = PackVersion.parse(node.asText());
        if (version.isEmpty()) {
            problems.error(FILE, path, "version.unreadable", "'" + node.asText() + "' is not a version",
                    "use a version such as '1.29' or '1.29.3', or \"\" for no bound");
        }
        return version;
    }

    private static void checkState(JsonNode annotations, Problems problems) {
        JsonNode state = annotations.get("system_state");
        if (state != null && state.isTextual() && !List.of("deprecated", "disabled", "deleted", "active", "")
                .contains(state.asText().strip().toLowerCase(Locale.ROOT))) {
            problems.warning(FILE, "annotations.system_state", "annotation.state", "'" + state.asText()
                    + "' is not a known state; the pack is treated as active", "use deprecated, disabled or deleted");
        }
    }

    private static PackMetadata metadata(JsonNode json) {
        JsonNode constraints = json.path("constraints");
        List<Dependency> dependencies = new ArrayList<>();
        for (JsonNode d : constraints.path("dependencies")) {
            dependencies.add(new Dependency(d.get("packName").asText(), Layer.byId(d.get("layer").asText()).orElseThrow(),
                    d.path("minVersion").asText(""), d.path("maxVersion").asText(""),
                    DependencyType.byId(d.get("type").asText()).orElseThrow()));
        }
        List<ResourceRequirement> resources = new ArrayList<>();
        for (JsonNode r : constraints.path("resources")) {
            List<ResourceComponent> components = new ArrayList<>();
            for (JsonNode c : r.path("components")) {
                components.add(new ResourceComponent(c.get("scheduleType").asText(),
                        optional(c, "resourceRequestParamRef"), optional(c, "replicaCountParamRef")));
            }
            resources.add(new ResourceRequirement(r.get("type").asText(), r.has("minLimit")
                    ? OptionalDouble.of(r.get("minLimit").asDouble()) : OptionalDouble.empty(), components));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        json.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new PackMetadata(json.get("name").asText(), json.get("displayName").asText(), json.get("version").asText(),
                Layer.byId(json.get("layer").asText()).orElseThrow(), optional(json, "addonType"),
                optional(json, "addonSubType"), strings(json.path("cloudTypes")), optional(json, "cloudType"),
                optional(json, "group"), optional(json, "eol"), annotations, strings(json.path("charts")),
                strings(json.path("kubeManifests")), strings(json.path("ansibleRoles")),
                new Constraints(dependencies, resources));
    }

    /** A string field, absent when missing or blank (real packs write "" for "none"). */
    private static Optional<String> optional(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.asText().isBlank() ? Optional.empty() : Optional.of(node.asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
