package dev.packyard.resolver.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.packs.Layer;
import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import dev.packyard.packs.ValidationReport;
import dev.packyard.resolver.reference.VersionReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a profile document, YAML or JSON, in either of two shapes:
 *
 * <ul>
 *   <li>Packyard's own: {@code name}, {@code version}, {@code type}, {@code cloudType}, {@code variables},
 *       {@code layers[]} (see the module README);</li>
 *   <li>Palette's export JSON as it is: {@code metadata.name}, {@code spec.version}, {@code spec.template.type},
 *       {@code spec.template.cloudType}, {@code spec.template.packs[]}, {@code spec.variables[]}; a pack's {@code tag}
 *       is its version reference (absent: latest); its {@code version} (the version Palette had resolved) and its
 *       {@code registry} (the exporting Palette's registry) are ignored.</li>
 * </ul>
 *
 * <p>Every problem is reported at once, each with its field path ({@code layers[2].version},
 * {@code spec.template.packs[0].tag}), like the pack validator's. Stateless and thread-safe.
 */
public final class ProfileReader {

    /** The {@code file} of every problem this reader reports. */
    public static final String FILE = "profile";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // Decimals are kept as written, so "version: 1.30" stays 1.30 and not 1.3.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private static final Set<String> ROOT_KEYS =
            Set.of("name", "version", "type", "cloudType", "description", "variables", "layers");
    private static final Set<String> LAYER_KEYS = Set.of("name", "version", "tag", "registry", "type", "layer",
            "values", "presets", "displayName", "manifests");
    private static final Set<String> VARIABLE_KEYS = Set.of("name", "displayName", "description", "format",
            "defaultValue", "required", "regex", "hidden", "isHidden", "immutable", "isSensitive", "sensitive",
            "inputType", "options");
    private static final Set<String> PACK_TYPES = Set.of("spectro", "helm", "oci", "manifest");
    private static final Pattern LEADING_JSON = Pattern.compile("\\A[\\s\\uFEFF]*\\{");

    private final List<Problem> problems = new ArrayList<>();

    private ProfileReader() {
    }

    /** Reads a profile document; the profile is present when no problem is an error. */
    public static ProfileRead read(String text) {
        return new ProfileReader().readDocument(text);
    }

    private ProfileRead readDocument(String text) {
        Optional<Profile> profile = parse(text).flatMap(root -> {
            if (!root.isObject()) {
                error("", "profile.structure", "the document is " + describe(root) + ", not a mapping",
                        "write the profile as a mapping with name, version, type and layers");
                return Optional.empty();
            }
            return root.has("spec") || root.has("metadata") ? readExport(root) : readNative(root);
        });
        ValidationReport report = new ValidationReport(problems);
        return new ProfileRead(report, report.valid() ? profile : Optional.empty());
    }

    private Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            error("", "profile.empty", "the document is empty", "write a profile with name, version, type and layers");
            return Optional.empty();
        }
        boolean json = LEADING_JSON.matcher(text).lookingAt();
        try {
            JsonNode root = (json ? JSON : YAML).readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
            if (root == null || root.isMissingNode()) {
                error("", "profile.empty", "the document is empty", "write a profile with name, version, type and layers");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            String where;
            String what;
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                where = "line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1);
                what = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            } else {
                JsonLocation at = e.getLocation();
                where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
                what = e.getOriginalMessage();
            }
            error("", json ? "profile.json-syntax" : "profile.yaml-syntax", (where.isEmpty() ? "" : where + ": ") + what,
                    "correct the " + (json ? "JSON" : "YAML") + " syntax at that place");
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Packyard's own shape

    private Optional<Profile> readNative(JsonNode root) {
        unknownKeys(root, "", ROOT_KEYS, Severity.WARNING);
        Optional<String> name = requiredText(root, "name", "name", "give the profile a name, e.g. name: web-cluster");
        String version = profileVersion(root, "version");
        Optional<ProfileType> type = profileType(root, "type");
        String cloudType = optionalText(root, "cloudType", "cloudType").orElse("all");
        Optional<String> description = optionalText(root, "description", "description");
        List<Variable> variables = variables(root.get("variables"), "variables", false);
        List<ProfileLayer> layers = new ArrayList<>();
        JsonNode list = root.get("layers");
        if (list == null || list.isNull()) {
            error("layers", "profile.required", "is missing", "list the profile's layers under layers:");
        } else if (!list.isArray()) {
            typeError("layers", list, "a list of layers");
        } else {
            if (list.isEmpty()) {
                error("layers", "profile.required", "is empty", "list at least one layer");
            }
            for (int i = 0; i < list.size(); i++) {
                nativeLayer(list.get(i), "layers[" + i + "]").ifPresent(layers::add);
            }
        }
        return build(name, version, type, cloudType, description, variables, layers);
    }

    private Optional<ProfileLayer> nativeLayer(JsonNode node, String path) {
        if (!node.isObject()) {
            typeError(path, node, "a mapping with name and version");
            return Optional.empty();
        }
        int errorsBefore = errorCount();
        unknownKeys(node, path, LAYER_KEYS, Severity.ERROR);
        Optional<String> name = requiredText(node, "name", path + ".name", "name the pack, e.g. name: cert-manager");
        Optional<Layer> layer = layerKind(node, path);
        Optional<String> displayName = optionalText(node, "displayName", path + ".displayName");
        String values = values(node.get("values"), path + ".values");
        Optional<String> type = optionalText(node, "type", path + ".type").map(t -> t.toLowerCase(Locale.ROOT));
        type.filter(t -> !PACK_TYPES.contains(t)).ifPresent(t -> error(path + ".type", "profile.enum",
                "'" + t + "' is not a layer type", "use spectro, helm, oci or manifest"));
        if (node.has("manifests") || type.filter("manifest"::equals).isPresent()) {
            List<Manifest> manifests = manifests(node.get("manifests"), path + ".manifests");
            Optional<String> version = optionalText(node, "version", path + ".version");
            if (node.has("presets")) {
                error(path + ".presets", "profile.manifest-presets", "a manifest layer has no presets",
                        "remove presets: from this layer");
            }
            return name.filter(n -> errorCount() == errorsBefore)
                    .map(n -> new ManifestLayer(n, layer, version, values, manifests, displayName));
        }
        if (node.has("version") && node.has("tag")) {
            error(path + ".tag", "profile.conflict", "both version and tag are given",
                    "keep one: version is Packyard's name for the reference, tag is Palette's");
        }
        String referenceKey = node.has("version") ? "version" : "tag";
        Optional<VersionReference> reference = reference(node.get(referenceKey), path + "." + referenceKey);
        Optional<String> registry = optionalText(node, "registry", path + ".registry");
        List<String> presets = presets(node.get("presets"), path + ".presets");
        if (errorCount() != errorsBefore || name.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PackLayer(name.get(), reference.get(), registry, type.orElse("spectro"), layer, values,
                presets, displayName));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Palette's export JSON

    private Optional<Profile> readExport(JsonNode root) {
        JsonNode metadata = root.path("metadata");
        JsonNode spec = root.path("spec");
        JsonNode template = spec.path("template");
        Optional<String> name = requiredText(metadata, "name", "metadata.name", "give the profile a name");
        String version = profileVersion(spec, "spec.version");
        Optional<ProfileType> type = profileType(template, "spec.template.type");
        String cloudType = optionalText(template, "cloudType", "spec.template.cloudType").orElse("all");
        Optional<String> description = optionalText(metadata, "description", "metadata.description");
        List<Variable> variables = variables(spec.get("variables"), "spec.variables", true);
        List<ProfileLayer> layers = new ArrayList<>();
        JsonNode packs = template.get("packs");
        if (packs == null || packs.isNull()) {
            error("spec.template.packs", "profile.required", "is missing", "list the profile's packs");
        } else if (!packs.isArray()) {
            typeError("spec.template.packs", packs, "a list of packs");
        } else {
            if (packs.isEmpty()) {
                error("spec.template.packs", "profile.required", "is empty", "list at least one pack");
            }
            for (int i = 0; i < packs.size(); i++) {
                exportPack(packs.get(i), "spec.template.packs[" + i + "]").ifPresent(layers::add);
            }
        }
        return build(name, version, type, cloudType, description, variables, layers);
    }

    private Optional<ProfileLayer> exportPack(JsonNode node, String path) {
        if (!node.isObject()) {
            typeError(path, node, "a mapping with name, layer and tag");
            return Optional.empty();
        }
        int errorsBefore = errorCount();
        Optional<String> name = requiredText(node, "name", path + ".name", "name the pack");
        Optional<Layer> layer = layerKind(node, path);
        String values = values(node.get("values"), path + ".values");
        Optional<String> type = optionalText(node, "type", path + ".type").map(t -> t.toLowerCase(Locale.ROOT));
        type.filter(t -> !PACK_TYPES.contains(t)).ifPresent(t -> error(path + ".type", "profile.enum",
                "'" + t + "' is not a pack type", "use spectro, helm, oci or manifest"));
        if (type.filter("manifest"::equals).isPresent()) {
            List<Manifest> manifests = manifests(node.get("manifests"), path + ".manifests");
            Optional<String> version = optionalText(node, "version", path + ".version");
            return name.filter(n -> errorCount() == errorsBefore)
                    .map(n -> new ManifestLayer(n, layer, version, values, manifests, Optional.empty()));
        }
        Optional<VersionReference> reference = reference(node.get("tag"), path + ".tag");
        if (errorCount() != errorsBefore || name.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        // The exported registry ("Public Repo", a Palette uid) names the exporting Palette's registries, not this
        // catalog's; as in Palette's own import, where the user picks the repositories, packs from any registry serve.
        return Optional.of(new PackLayer(name.get(), reference.get(), Optional.empty(), type.orElse("spectro"), layer,
                values, List.of(), Optional.empty()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parts shared by both shapes

    private Optional<Profile> build(Optional<String> name, String version, Optional<ProfileType> type, String cloudType,
            Optional<String> description, List<Variable> variables, List<ProfileLayer> layers) {
        if (errorCount() > 0 || name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(name.get(), version, type.get(), cloudType, description, variables, layers));
    }

    private String profileVersion(JsonNode parent, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        Optional<String> version = optionalText(parent, key, path);
        if (version.isEmpty()) {
            return "1.0.0"; // Palette's documented default
        }
        if (!Profile.STRICT_SEMVER.matcher(version.get()).matches()) {
            error(path, "profile.version", "'" + version.get() + "' is not a strict semantic version",
                    "write major.minor.patch with an optional pre-release, e.g. 1.2.3 or 1.2.3-rc.1 "
                            + "(no leading v, no fourth part)");
        }
        return version.get();
    }

    private Optional<ProfileType> profileType(JsonNode parent, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        Optional<String> text = requiredText(parent, key, path, "set the type: full (os, k8s, cni, csi, then add-ons), "
                + "infra, or add-on");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProfileType> type = ProfileType.byId(text.get());
        if (type.isEmpty()) {
            error(path, "profile.enum", "'" + text.get() + "' is not a profile type",
                    "use full (or cluster), infra, or add-on");
        }
        return type;
    }

    private Optional<Layer> layerKind(JsonNode node, String path) {
        Optional<String> text = optionalText(node, "layer", path + ".layer");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Layer> layer = Layer.byId(text.get().strip().toLowerCase(Locale.ROOT));
        if (layer.isEmpty()) {
            error(path + ".layer", "profile.enum", "'" + text.get() + "' is not a layer",
                    "use os, k8s, cni, csi or addon (or leave it out: the pack's own layer is used)");
        }
        return layer;
    }

    private Optional<VersionReference> reference(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.of(VersionReference.parse(""));
        }
        Optional<String> text = scalar(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VersionReference.parse(text.get()));
        } catch (IllegalArgumentException e) {
            error(path, "reference.syntax", e.getMessage(), "use one of those forms");
            return Optional.empty();
        }
    }

    private String values(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject()) { // a mapping is accepted in place of YAML text, for hand-written profiles
            try {
                return YAML.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed mapping could not be written back as YAML", e);
            }
        }
        typeError(path, node, "YAML text or a mapping");
        return "";
    }

    private List<String> presets(JsonNode node, String path) {
        List<String> presets = new ArrayList<>();
        if (node == null || node.isNull()) {
            return presets;
        }
        if (node.isTextual()) { // "Group:a, Group2:b", as in values.yaml's enabled-presets comment
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    presets.add(part.strip());
                }
            }
            return presets;
        }
        if (!node.isArray()) {
            typeError(path, node, "a list of presets (Group:name or name)");
            return presets;
        }
        for (int i = 0; i < node.size(); i++) {
            scalar(node.get(i), path + "[" + i + "]").filter(s -> !s.isBlank()).map(String::strip).ifPresent(presets::add);
        }
        return presets;
    }

    private List<Manifest> manifests(JsonNode node, String path) {
        List<Manifest> manifests = new ArrayList<>();
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            error(path, "profile.required", "a manifest layer needs at least one manifest",
                    "add manifests: - name: <name> content: <YAML>");
            return manifests;
        }
        if (!node.isArray()) {
            typeError(path, node, "a list of {name, content}");
            return manifests;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                typeError(itemPath, item, "a mapping with name and content");
                continue;
            }
            Optional<String> name = requiredText(item, "name", itemPath + ".name", "name the manifest");
            Optional<String> content = requiredText(item, "content", itemPath + ".content",
                    "give the manifest's YAML as content: |");
            if (name.isPresent() && !names.add(name.get())) {
                error(itemPath + ".name", "profile.duplicate", "'" + name.get() + "' is used by another manifest of "
                        + "this layer", "give each manifest its own name");
            }
            if (name.isPresent() && content.isPresent()) {
                manifests.add(new Manifest(name.get(), content.get()));
            }
        }
        return manifests;
    }

    private List<Variable> variables(JsonNode node, String path, boolean export) {
        List<Variable> variables = new ArrayList<>();
        if (node == null || node.isNull()) {
            return variables;
        }
        if (!node.isArray()) {
            typeError(path, node, "a list of variables");
            return variables;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String itemPath = path + "[" + i + "]";
            variable(node.get(i), itemPath, export).ifPresent(v -> {
                if (!names.add(v.name())) {
                    error(itemPath + ".name", "variable.duplicate", "'" + v.name() + "' is declared twice",
                            "keep one declaration of each variable");
                } else {
                    variables.add(v);
                }
            });
        }
        return variables;
    }

    private Optional<Variable> variable(JsonNode node, String path, boolean export) {
        if (!node.isObject()) {
            typeError(path, node, "a mapping with name and format");
            return Optional.empty();
        }
        if (!export) {
            unknownKeys(node, path, VARIABLE_KEYS, Severity.WARNING);
        }
        int errorsBefore = errorCount();
        Optional<String> name = requiredText(node, "name", path + ".name", "name the variable, e.g. name: replicas");
        name.filter(n -> !Variable.NAME.matcher(n).matches()).ifPresent(n -> error(path + ".name", "variable.name",
                "'" + n + "' cannot be used in {{.spectro.var.NAME}}",
                "use letters, digits, '_' and '-', starting with a letter or '_'"));
        Optional<String> formatText = optionalText(node, "format", path + ".format");
        Optional<VariableFormat> format = formatText.isEmpty() ? Optional.of(VariableFormat.STRING)
                : VariableFormat.byId(formatText.get());
        if (format.isEmpty()) {
            error(path + ".format", "variable.format", "'" + formatText.get() + "' is not a variable format",
                    "use string, number, boolean, ipv4, ipv4cidr, ipv6, version or base64");
        }
        Optional<String> regex = optionalText(node, "regex", path + ".regex").filter(r -> !r.isEmpty());
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                error(path + ".regex", "variable.regex", "does not compile: " + e.getDescription(),
                        "correct the regular expression");
            }
        });
        Optional<String> defaultValue = optionalText(node, "defaultValue", path + ".defaultValue");
        boolean required = flag(node, "required", path);
        boolean hidden = flag(node, "hidden", path) || flag(node, "isHidden", path);
        boolean immutable = flag(node, "immutable", path);
        boolean sensitive = flag(node, "isSensitive", path) || flag(node, "sensitive", path);
        if (errorCount() != errorsBefore || name.isEmpty()) {
            return Optional.empty();
        }
        Variable variable = new Variable(name.get(), optionalText(node, "displayName", path + ".displayName"),
                optionalText(node, "description", path + ".description"), format.get(), defaultValue, required, regex,
                hidden, immutable, sensitive);
        defaultValue.filter(d -> !d.isEmpty()).flatMap(variable::check).ifPresent(why -> error(path + ".defaultValue",
                "variable.default", "the default value " + why, "give a default that fits the variable's format and regex"));
        return Optional.of(variable);
    }

    private boolean flag(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        typeError(path + "." + key, value, "true or false");
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scalars and problems

    private Optional<String> requiredText(JsonNode parent, String key, String path, String fix) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull() || (node.isValueNode() && node.asText().isBlank())) {
            error(path, "profile.required", "is missing", fix);
            return Optional.empty();
        }
        return scalar(node, path);
    }

    private Optional<String> optionalText(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return scalar(node, path).filter(s -> !s.isBlank()).map(String::strip);
    }

    /** A scalar's text, decimals as written ({@code 1.30} stays {@code 1.30}); a problem for a list or mapping. */
    private Optional<String> scalar(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isContainerNode()) {
            typeError(path, node, "a single value");
            return Optional.empty();
        }
        return Optional.of(node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText());
    }

    private void unknownKeys(JsonNode node, String path, Set<String> known, Severity severity) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                problems.add(new Problem(severity, FILE, field, "profile.unknown-key",
                        "'" + e.getKey() + "' is not a known key" + (severity == Severity.WARNING ? "; it is ignored" : ""),
                        "use one of " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private void typeError(String path, JsonNode node, String expected) {
        error(path, "profile.type", "is " + describe(node) + ", expected " + expected, "write " + path + " as " + expected);
    }

    private void error(String field, String rule, String message, String fix) {
        problems.add(new Problem(Severity.ERROR, FILE, field, rule, message, fix));
    }

    private int errorCount() {
        return (int) problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        return "'" + node.asText() + "'";
    }
}
