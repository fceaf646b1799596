package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the optional schema.yaml: entries {@code <dotted.values.path>: {schema: '<template>'}} where the template is
 * a pipeline such as {@code {{ required | format "${number}" | hints "Port" }}}. A malformed template is an ERROR; a
 * function or format type Palette is not documented to know is a WARNING, because Palette may know more than its docs.
 */
final class ValueSchemaReader {

    static final String FILE = "schema.yaml";

    private static final Set<String> FUNCTIONS = Set.of("required", "readonly", "format", "hints");
    private static final Set<String> FORMAT_TYPES =
            Set.of("string", "number", "boolean", "password", "list", "ipv4", "version");
    private static final Pattern FORMAT_TYPE = Pattern.compile("\\$\\{\\s*([A-Za-z0-9_-]*)");

    private final Problems problems;

    private ValueSchemaReader(Problems problems) {
        this.problems = problems;
    }

    /** The entries (none when the file is absent), or empty when the file has an error. */
    static Optional<List<ValueSchema>> read(PackFiles files, Problems problems) {
        return new ValueSchemaReader(problems).read(files);
    }

    private Optional<List<ValueSchema>> read(PackFiles files) {
        int errorsBefore = problems.errorCount();
        Optional<JsonNode> parsed = StructuredText.optionalYaml(files, FILE, problems);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = parsed.get();
        if (root.isMissingNode()) {
            return Optional.of(List.of());
        }
        if (!root.isObject()) {
            problems.error(FILE, "", "schema.structure", "holds " + PackJsonSchema.describe(root)
                    + ", expected entries keyed by values path", "write each entry as <values.path>: {schema: '{{ ... }}'}");
            return Optional.empty();
        }
        List<ValueSchema> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String path = e.getKey();
            JsonNode template = e.getValue().isObject() ? e.getValue().get("schema") : null;
            if (template == null || !template.isTextual()) {
                problems.error(FILE, path, "schema.structure", "has no 'schema:' text",
                        "write " + path + ": {schema: '{{ format \"${string}\" }}'}");
                continue;
            }
            template(path, template.asText()).ifPresent(entries::add);
        }
        return problems.errorCount() == errorsBefore ? Optional.of(entries) : Optional.empty();
    }

    private Optional<ValueSchema> template(String path, String template) {
        String field = path + ".schema";
        String trimmed = template.strip();
        if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}") || trimmed.length() < 4) {
            return fail(field, "'" + template + "' is not wrapped in {{ }}", "write '{{ required | format \"${string}\" }}'");
        }
        Optional<List<Command>> commands = commands(trimmed.substring(2, trimmed.length() - 2), field);
        if (commands.isEmpty()) {
            return Optional.empty();
        }
        boolean required = false;
        boolean readonly = false;
        Optional<String> format = Optional.empty();
        List<String> hints = new ArrayList<>();
        for (Command command : commands.get()) {
            String function = command.function();
            List<String> args = command.args();
            switch (function) {
                case "required", "readonly" -> {
                    if (!args.isEmpty()) {
                        return fail(field, "'" + function + "' takes no arguments", "write just " + function);
                    }
                    required |= function.equals("required");
                    readonly |= function.equals("readonly");
                }
                case "format" -> {
                    if (args.size() != 1) {
                        return fail(field, "'format' takes one quoted argument", "write format \"${string}\"");
                    }
                    format = Optional.of(args.get(0));
                    checkFormat(field, args.get(0));
                }
                case "hints" -> {
                    if (args.isEmpty()) {
                        return fail(field, "'hints' needs at least one quoted hint", "write hints \"what to enter\"");
                    }
                    hints.addAll(args);
                }
                default -> problems.warning(FILE, field, "schema.function", "'" + function
                        + "' is not a documented schema function", "use required, readonly, format or hints");
            }
        }
        return Optional.of(new ValueSchema(path, template, required, readonly, format, hints));
    }

    private void checkFormat(String field, String format) {
        Matcher m = FORMAT_TYPE.matcher(format);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!FORMAT_TYPES.contains(m.group(1))) {
                problems.warning(FILE, field, "schema.format-type", "'" + m.group(1)
                        + "' is not a documented format type", "use one of " + String.join(", ", FORMAT_TYPES.stream().sorted().toList()));
            }
        }
        if (!any) {
            problems.warning(FILE, field, "schema.format-type", "format '" + format + "' names no ${type}",
                    "write e.g. format \"${string}\" or \"${number:[1-100]}\"");
        }
    }

    /** One step of a pipeline: a function name and its quoted arguments. */
    private record Command(String function, List<String> args) {
    }

    /**
     * Splits a Go-template pipeline into commands: a function name, then arguments that are quoted strings with
     * backslash escapes or raw strings in backquotes. Empty when the pipeline is malformed (reported).
     */
    private Optional<List<Command>> commands(String pipeline, String field) {
        List<Command> commands = new ArrayList<>();
        String function = null;
        List<String> args = new ArrayList<>();
        int i = 0;
        while (i <= pipeline.length()) {
            char c = i < pipeline.length() ? pipeline.charAt(i) : '|';
            if (c == '|') {
                if (function == null) {
                    fail(field, "the template has an empty step", "remove the extra '|'");
                    return Optional.empty();
                }
                commands.add(new Command(function, args));
                function = null;
                args = new ArrayList<>();
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < pipeline.length() && pipeline.charAt(j) != c) {
                    if (c == '"' && pipeline.charAt(j) == '\\' && j + 1 < pipeline.length()) {
                        j++;
                    }
                    text.append(pipeline.charAt(j++));
                }
                if (j >= pipeline.length()) {
                    fail(field, "a quoted text is not closed", "close it with " + c);
                    return Optional.empty();
                }
                if (function == null) {
                    fail(field, "a step starts with quoted text instead of a function name",
                            "put the function first, e.g. hints \"...\"");
                    return Optional.empty();
                }
                args.add(text.toString());
                i = j + 1;
            } else {
                int j = i;
                while (j < pipeline.length() && !Character.isWhitespace(pipeline.charAt(j))
                        && "|\"`".indexOf(pipeline.charAt(j)) < 0) {
                    j++;
                }
                if (function != null) {
                    fail(field, "'" + pipeline.substring(i, j) + "' after '" + function + "' is not quoted",
                            "quote arguments: " + function + " \"...\"");
                    return Optional.empty();
                }
                function = pipeline.substring(i, j);
                i = j;
            }
        }
        return Optional.of(commands);
    }

    private Optional<ValueSchema> fail(String field, String message, String fix) {
        problems.error(FILE, field, "schema.template", message, fix);
        return Optional.empty();
    }
}
