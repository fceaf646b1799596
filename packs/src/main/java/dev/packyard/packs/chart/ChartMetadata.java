package dev.packyard.packs.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A chart's metadata, the fields of Helm's {@code Chart.yaml} in the order and JSON shape Helm gives them (Go's
 * {@code chart.Metadata}). The same object is Helm's OCI config blob and the body of a {@code index.yaml} entry, and
 * Helm reads an index strictly, so only fields Helm knows are kept, each with the type Helm expects.
 *
 * @param fields the known fields, in Helm's order, without empty values
 */
public record ChartMetadata(ObjectNode fields) {

    /** Chart names become OCI repository path components, so they follow that grammar (Helm's own advice too). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    /** Helm's rule for dependency aliases. */
    private static final Pattern ALIAS = Pattern.compile("[a-zA-Z0-9_-]+");

    private enum Shape { TEXT, TEXT_LIST, FLAG, TEXT_MAP, MAINTAINERS, DEPENDENCIES }

    /** Helm's {@code chart.Metadata} fields in declaration order, which is the order Helm writes them in JSON. */
    private static final Map<String, Shape> FIELDS = orderedFields();

    public ChartMetadata {
        fields = fields.deepCopy();
    }

    /** The fields, as a copy: the record stays immutable. */
    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }

    /**
     * Checks and normalizes a parsed {@code Chart.yaml} the way Helm's loader and {@code Metadata.Validate} do, plus
     * the rules a registry needs (a name usable in an OCI repository, a SemVer 2.0.0 version).
     */
    public static ChartMetadata of(JsonNode chartYaml) throws InvalidChartException {
        if (chartYaml == null || !chartYaml.isObject()) {
            throw new InvalidChartException("chart.yaml.not-a-map", "Chart.yaml must be a YAML map of fields such as "
                    + "apiVersion, name and version");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Shape> field : FIELDS.entrySet()) {
            JsonNode value = chartYaml.get(field.getKey());
            if (value != null && !value.isNull()) {
                JsonNode normalized = normalize(field.getKey(), field.getValue(), value);
                if (!isEmpty(normalized)) {
                    out.set(field.getKey(), normalized);
                }
            }
        }
        ChartMetadata metadata = new ChartMetadata(out);
        metadata.validate();
        return metadata;
    }

    public String name() {
        return fields.path("name").asText();
    }

    public String version() {
        return fields.path("version").asText();
    }

    public String apiVersion() {
        return fields.path("apiVersion").asText();
    }

    public Optional<String> appVersion() {
        return text("appVersion");
    }

    public Optional<String> description() {
        return text("description");
    }

    public Optional<String> home() {
        return text("home");
    }

    public List<String> sources() {
        return texts("sources");
    }

    public List<String> keywords() {
        return texts("keywords");
    }

    /** {@code maintainers} as Helm's OCI annotation writes them: {@code Name (email), ...}. */
    public Optional<String> authors() {
        if (!fields.has("maintainers")) {
            return Optional.empty();
        }
        StringBuilder authors = new StringBuilder();
        for (JsonNode maintainer : fields.get("maintainers")) {
            if (!authors.isEmpty()) {
                authors.append(", ");
            }
            authors.append(maintainer.path("name").asText());
            if (maintainer.hasNonNull("email")) {
                authors.append(" (").append(maintainer.get("email").asText()).append(')');
            }
        }
        return Optional.of(authors.toString());
    }

    /** Chart.yaml's {@code annotations}, string to string. */
    public Map<String, String> annotations() {
        LinkedHashMap<String, String> annotations = new LinkedHashMap<>();
        fields.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return annotations;
    }

    private Optional<String> text(String field) {
        return fields.hasNonNull(field) ? Optional.of(fields.get(field).asText()) : Optional.empty();
    }

    private List<String> texts(String field) {
        ArrayList<String> values = new ArrayList<>();
        fields.path(field).forEach(v -> values.add(v.asText()));
        return values;
    }

    private void validate() throws InvalidChartException {
        if (apiVersion().isEmpty()) {
            throw new InvalidChartException("chart.api-version.missing", "Chart.yaml has no apiVersion; "
                    + "set apiVersion: v2 (Helm 3 charts) or v1");
        }
        if (!apiVersion().equals("v1") && !apiVersion().equals("v2")) {
            throw new InvalidChartException("chart.api-version.unknown", "Chart.yaml apiVersion '" + apiVersion()
                    + "' is not one Helm 3 reads; use v2 (or v1 for old charts)");
        }
        if (name().isEmpty()) {
            throw new InvalidChartException("chart.name.missing", "Chart.yaml has no name");
        }
        if (name().length() > 200 || !NAME.matcher(name()).matches()) {
            throw new InvalidChartException("chart.name.invalid", "Chart.yaml name '" + name() + "' is not a valid "
                    + "chart name here: use lowercase letters and digits, with '-', '.' or '_' between them "
                    + "(the name becomes the OCI repository <repo>/" + name().toLowerCase(Locale.ROOT) + ")");
        }
        if (version().isEmpty()) {
            throw new InvalidChartException("chart.version.missing", "Chart.yaml has no version; "
                    + "set a SemVer 2.0.0 version such as 1.0.0");
        }
        if (!ChartVersions.isValid(version())) {
            throw new InvalidChartException("chart.version.not-semver", "Chart.yaml version '" + version()
                    + "' is not SemVer 2.0.0 (MAJOR.MINOR.PATCH with optional -pre-release and +build, optionally after a 'v'); "
                    + "Helm finds chart versions in registries only by SemVer");
        }
        String type = fields.path("type").asText("application");
        if (!type.equals("application") && !type.equals("library")) {
            throw new InvalidChartException("chart.type.unknown", "Chart.yaml type '" + type
                    + "' is neither application nor library");
        }
        java.util.Set<String> dependencyNames = new java.util.HashSet<>();
        for (JsonNode dependency : fields.path("dependencies")) {
            if (dependency.path("name").asText().isEmpty()) {
                throw new InvalidChartException("chart.dependency.name-missing",
                        "Chart.yaml has a dependency without a name");
            }
            String alias = dependency.path("alias").asText();
            if (!alias.isEmpty() && !ALIAS.matcher(alias).matches()) {
                throw new InvalidChartException("chart.dependency.alias-invalid", "Chart.yaml dependency alias '"
                        + alias + "' may hold only letters, digits, '_' and '-'");
            }
            String effective = alias.isEmpty() ? dependency.path("name").asText() : alias;
            if (!dependencyNames.add(effective)) {
                throw new InvalidChartException("chart.dependency.duplicate", "Chart.yaml lists dependency '"
                        + effective + "' twice; give one of them an alias");
            }
        }
    }

    private static JsonNode normalize(String field, Shape shape, JsonNode value) throws InvalidChartException {
        return switch (shape) {
            case TEXT -> scalar(field, value);
            case FLAG -> {
                if (!value.isBoolean()) {
                    throw wrongType(field, "true or false");
                }
                yield value;
            }
            case TEXT_LIST -> textList(field, value);
            case TEXT_MAP -> {
                if (!value.isObject()) {
                    throw wrongType(field, "a map of names to strings");
                }
                // Sorted by key, as Go writes a map in JSON, so the config blob matches what Helm itself would push.
                java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    sorted.put(e.getKey(), scalar(field + "." + e.getKey(), e.getValue()));
                }
                ObjectNode map = JsonNodeFactory.instance.objectNode();
                sorted.forEach(map::set);
                yield map;
            }
            case MAINTAINERS -> objects(field, value, List.of("name", "email", "url"));
            case DEPENDENCIES -> dependencies(value);
        };
    }

    private static JsonNode scalar(String field, JsonNode value) throws InvalidChartException {
        if (!value.isValueNode()) {
            throw wrongType(field, "a string");
        }
        // Helm reads a YAML null in a string field as "".
        return JsonNodeFactory.instance.textNode(value.isNull() ? "" : value.asText());
    }

    private static ArrayNode textList(String field, JsonNode value) throws InvalidChartException {
        if (!value.isArray()) {
            throw wrongType(field, "a list of strings");
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : value) {
            list.add(scalar(field + "[]", item));
        }
        return list;
    }

    private static ArrayNode objects(String field, JsonNode value, List<String> keys) throws InvalidChartException {
        if (!value.isArray()) {
            throw wrongType(field, "a list of maps");
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw wrongType(field + "[]", "a map with " + String.join(", ", keys));
            }
            ObjectNode out = list.addObject();
            for (String key : keys) {
                if (item.hasNonNull(key)) {
                    JsonNode text = scalar(field + "[]." + key, item.get(key));
                    if (!text.asText().isEmpty()) {
                        out.set(key, text);
                    }
                }
            }
        }
        return list;
    }

    /** Helm's {@code chart.Dependency}, field by field, in its JSON order. */
    private static ArrayNode dependencies(JsonNode value) throws InvalidChartException {
        if (!value.isArray()) {
            throw wrongType("dependencies", "a list of maps");
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw wrongType("dependencies[]", "a map with name, version and repository");
            }
            ObjectNode out = list.addObject();
            // Helm's chart.Dependency: repository is always written, the other fields only when set.
            for (String key : List.of("name", "version", "repository", "condition")) {
                JsonNode text = item.hasNonNull(key) ? scalar("dependencies[]." + key, item.get(key))
                        : JsonNodeFactory.instance.textNode("");
                if (key.equals("repository") || !text.asText().isEmpty()) {
                    out.set(key, text);
                }
            }
            if (item.hasNonNull("tags")) {
                JsonNode tags = textList("dependencies[].tags", item.get("tags"));
                if (!tags.isEmpty()) {
                    out.set("tags", tags);
                }
            }
            if (item.hasNonNull("enabled")
                    && normalize("dependencies[].enabled", Shape.FLAG, item.get("enabled")).asBoolean()) {
                out.put("enabled", true);
            }
            if (item.hasNonNull("import-values")) {
                if (!item.get("import-values").isArray()) {
                    throw wrongType("dependencies[].import-values", "a list");
                }
                out.set("import-values", item.get("import-values").deepCopy());
            }
            if (item.hasNonNull("alias")) {
                out.set("alias", scalar("dependencies[].alias", item.get("alias")));
            }
        }
        return list;
    }

    private static boolean isEmpty(JsonNode node) {
        return (node.isTextual() && node.asText().isEmpty()) || (node.isContainerNode() && node.isEmpty())
                || (node.isBoolean() && !node.asBoolean());
    }

    private static InvalidChartException wrongType(String field, String expected) {
        return new InvalidChartException("chart.yaml.field-type", "Chart.yaml field '" + field + "' must be " + expected);
    }

    private static Map<String, Shape> orderedFields() {
        LinkedHashMap<String, Shape> fields = new LinkedHashMap<>();
        fields.put("name", Shape.TEXT);
        fields.put("home", Shape.TEXT);
        fields.put("sources", Shape.TEXT_LIST);
        fields.put("version", Shape.TEXT);
        fields.put("description", Shape.TEXT);
        fields.put("keywords", Shape.TEXT_LIST);
        fields.put("maintainers", Shape.MAINTAINERS);
        fields.put("icon", Shape.TEXT);
        fields.put("apiVersion", Shape.TEXT);
        fields.put("condition", Shape.TEXT);
        fields.put("tags", Shape.TEXT);
        fields.put("appVersion", Shape.TEXT);
        fields.put("deprecated", Shape.FLAG);
        fields.put("annotations", Shape.TEXT_MAP);
        fields.put("kubeVersion", Shape.TEXT);
        fields.put("dependencies", Shape.DEPENDENCIES);
        fields.put("type", Shape.TEXT);
        return Collections.unmodifiableMap(fields);
    }
}
