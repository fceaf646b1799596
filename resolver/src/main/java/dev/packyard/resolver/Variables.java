package dev.packyard.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.profile.ManifestLayer;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Profile variables: the value of each (given by the caller, else its default), checked against its format and regex,
 * and substituted for {@code {{.spectro.var.NAME}}} in string values and manifests. Other macros
 * ({@code .spectro.system.*}, {@code .spectro.pack.*}, {@code .spectro.macro.*}) are left for deploy time.
 */
final class Variables {

    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*\\.spectro\\.var\\.([A-Za-z0-9_-]+)\\s*}}");

    /** The value of every declared variable, and which are secrets (kept as placeholders in the lock). */
    record Values(Map<String, String> values, Set<String> sensitive) {
    }

    private Variables() {
    }

    static Values resolve(Profile profile, Map<String, String> given, List<Problem> problems) {
        Map<String, String> values = new TreeMap<>();
        Set<String> sensitive = new HashSet<>();
        for (String name : new TreeSet<>(given.keySet())) {
            if (profile.variable(name).isEmpty()) {
                problems.add(Errors.at("variables", "variable.unknown", "a value is given for '" + name
                        + "', but the profile declares no such variable", "declare it under variables:, or drop the value"));
            }
        }
        List<Variable> variables = profile.variables();
        for (int i = 0; i < variables.size(); i++) {
            Variable variable = variables.get(i);
            String field = "variables[" + i + "]";
            Optional<String> supplied = Optional.ofNullable(given.get(variable.name()));
            Optional<String> value = supplied.or(variable::defaultValue);
            if (variable.immutable() && supplied.isPresent() && !supplied.equals(variable.defaultValue())) {
                problems.add(Errors.at(field, "variable.immutable", "variable '" + variable.name()
                        + "' is immutable, but a value other than its default is given", "drop the value"));
            }
            if (value.isEmpty() || value.get().isEmpty()) {
                if (variable.required()) {
                    problems.add(Errors.at(field, "variable.required", "variable '" + variable.name()
                            + "' is required and has no value", "give a value for " + variable.name()
                            + " or a defaultValue in the profile"));
                }
                values.put(variable.name(), ""); // Palette resolves an unset variable to empty text
            } else {
                variable.check(value.get()).ifPresent(why -> problems.add(Errors.at(field, "variable.format",
                        "variable '" + variable.name() + "' " + (variable.sensitive() ? "has a value that does not fit"
                                : why), "give a value that is " + variable.format().example()
                                + variable.regex().map(r -> " and matches /" + r + "/").orElse(""))));
                values.put(variable.name(), value.get());
            }
            if (variable.sensitive()) {
                sensitive.add(variable.name());
            }
        }
        return new Values(values, sensitive);
    }

    /**
     * The text with variables substituted; with {@code keepSensitive}, sensitive ones stay as written. Undeclared names
     * stay as written (they were reported before the search by {@link #checkDeclared}).
     */
    static String substitute(String text, Values values, boolean keepSensitive) {
        if (text.indexOf("{{") < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (!values.values().containsKey(name)) {
                replacement = m.group();
            } else if (keepSensitive && values.sensitive().contains(name)) {
                replacement = m.group();
            } else {
                replacement = values.values().get(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of the tree with variables substituted in every string value. */
    static JsonNode substitute(JsonNode tree, Values values, boolean keepSensitive) {
        if (tree.isTextual()) {
            String text = substitute(tree.asText(), values, keepSensitive);
            return text.equals(tree.asText()) ? tree : TextNode.valueOf(text);
        }
        if (tree.isObject()) {
            ObjectNode copy = ((ObjectNode) tree).objectNode();
            tree.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), values, keepSensitive)));
            return copy;
        }
        if (tree.isArray()) {
            ArrayNode copy = ((ArrayNode) tree).arrayNode();
            tree.forEach(item -> copy.add(substitute(item, values, keepSensitive)));
            return copy;
        }
        return tree;
    }

    /** One problem per variable a layer's values or manifests use that the profile does not declare. */
    static void checkDeclared(Slot slot, Profile profile, List<Problem> problems) {
        Set<String> used = new TreeSet<>();
        collect(slot.layer.values(), used);
        if (slot.layer instanceof ManifestLayer manifests) {
            manifests.manifests().forEach(m -> collect(m.content(), used));
        }
        for (String name : used) {
            if (profile.variable(name).isEmpty()) {
                problems.add(Errors.at(slot.field() + ".values", "variable.undeclared", slot.name()
                        + " uses {{.spectro.var." + name + "}}, but the profile declares no variable " + name,
                        "declare " + name + " under variables:, or correct the name"));
            }
        }
    }

    private static void collect(String text, Set<String> used) {
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
    }
}
