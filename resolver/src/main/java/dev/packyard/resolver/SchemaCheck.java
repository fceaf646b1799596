package dev.packyard.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.PackVersion;
import dev.packyard.packs.ValueSchema;
import dev.packyard.resolver.profile.VariableFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks merged values against a pack's schema.yaml: {@code required} (present and not empty), {@code readonly} (as
 * the pack and its presets set it), and {@code format}: {@code ${number}} (with a {@code [5000-5005]} range or a
 * regex), {@code ${boolean}}, {@code ${string}} (with a {@code /regex/}, matched unanchored as RE2 does),
 * {@code ${password}}, {@code ${list:[A,B]}}, {@code ${ipv4}}, {@code ${version}}, and templates that combine them
 * ({@code ${ipv4} - ${ipv4}}). Hints are for people and ignored; unknown format types accept anything.
 */
final class SchemaCheck {

    private static final Pattern RANGE = Pattern.compile("\\[\\s*(-?\\d+(?:\\.\\d+)?)\\s*-\\s*(-?\\d+(?:\\.\\d+)?)\\s*]");

    /** A piece of a format template: literal text, or a {@code ${type:arg}} placeholder. */
    private record Piece(String literal, String type, String arg) {

        boolean placeholder() {
            return type != null;
        }
    }

    private SchemaCheck() {
    }

    /** Each violation as a sentence fragment starting with the concrete path. */
    static List<String> check(List<ValueSchema> schema, JsonNode merged, JsonNode baseline) {
        List<String> violations = new ArrayList<>();
        for (ValueSchema entry : schema) {
            List<ValuePaths.Found> found = ValuePaths.find(merged, entry.path());
            for (ValuePaths.Found f : found) {
                if (f.empty()) {
                    if (entry.required()) {
                        violations.add(f.path() + " is required but " + (f.value() == null ? "not set" : "empty"));
                    }
                    continue;
                }
                entry.format().ifPresent(format -> {
                    String why = format(format, f.value());
                    if (why != null) {
                        violations.add(f.path() + " is " + shown(f.value()) + ", which " + why + " (schema.yaml: "
                                + format + ")");
                    }
                });
            }
            if (entry.readonly()) {
                readonly(entry, found, ValuePaths.find(baseline, entry.path()), violations);
            }
        }
        return violations;
    }

    private static void readonly(ValueSchema entry, List<ValuePaths.Found> now, List<ValuePaths.Found> before,
            List<String> violations) {
        Map<String, JsonNode> original = new HashMap<>();
        before.forEach(f -> original.put(f.path(), f.value()));
        for (ValuePaths.Found f : now) {
            JsonNode was = original.get(f.path());
            if (!same(was, f.value())) {
                violations.add(f.path() + " is read-only: the pack sets it to " + (was == null ? "nothing" : shown(was))
                        + ", the profile makes it " + (f.value() == null ? "nothing" : shown(f.value())));
            }
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return text(a).equals(text(b));
        }
        return a.equals(b);
    }

    /** Why the value does not fit the format, or null when it does. */
    static String format(String format, JsonNode value) {
        if (value.isContainerNode()) {
            return "is " + (value.isArray() ? "a list" : "a mapping") + ", not a single value";
        }
        List<Piece> pieces = pieces(format);
        List<Piece> placeholders = pieces.stream().filter(Piece::placeholder).toList();
        if (placeholders.isEmpty()) {
            return null; // nothing to check against; the pack validator warned
        }
        boolean single = placeholders.size() == 1 && pieces.stream().allMatch(p -> p.placeholder() || p.literal().isBlank());
        if (single) {
            return typed(placeholders.get(0), value, text(value));
        }
        StringBuilder regex = new StringBuilder();
        for (Piece piece : pieces) {
            regex.append(piece.placeholder() ? "(.*?)" : Pattern.quote(piece.literal()));
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text(value));
        if (!m.matches()) {
            return "does not have the form " + format;
        }
        int group = 1;
        for (Piece piece : placeholders) {
            String part = m.group(group++);
            String why = typed(piece, null, part);
            if (why != null) {
                return "has '" + part + "', which " + why;
            }
        }
        return null;
    }

    /** Checks one placeholder against a value (a node when the placeholder is the whole format, else text). */
    private static String typed(Piece piece, JsonNode node, String text) {
        String arg = piece.arg();
        switch (piece.type()) {
            case "number" -> {
                boolean number = node != null && node.isNumber() || VariableFormat.isNumber(text);
                if (!number) {
                    return "is not a number";
                }
                if (arg != null) {
                    Matcher range = RANGE.matcher(arg);
                    if (range.matches()) {
                        BigDecimal v = new BigDecimal(text.strip());
                        if (v.compareTo(new BigDecimal(range.group(1))) < 0 || v.compareTo(new BigDecimal(range.group(2))) > 0) {
                            return "is not within " + range.group(1) + " to " + range.group(2);
                        }
                    } else {
                        return regex(arg, text);
                    }
                }
                return null;
            }
            case "boolean" -> {
                boolean bool = node != null && node.isBoolean() || text.equals("true") || text.equals("false");
                return bool ? null : "is not true or false";
            }
            case "list" -> {
                List<String> items = new ArrayList<>();
                if (arg != null && arg.startsWith("[") && arg.endsWith("]")) {
                    for (String item : arg.substring(1, arg.length() - 1).split(",")) {
                        items.add(item.strip());
                    }
                }
                return items.isEmpty() || items.contains(text.strip()) ? null : "is not one of " + String.join(", ", items);
            }
            case "ipv4" -> {
                return VariableFormat.isIpv4(text.strip()) ? null : "is not an IPv4 address";
            }
            case "version" -> {
                return PackVersion.parse(text).isPresent() ? null : "is not a version";
            }
            default -> { // string, password and types Palette may know but does not document
                return arg == null ? null : regex(arg, text);
            }
        }
    }

    private static String regex(String arg, String text) {
        if (!(arg.length() >= 2 && arg.startsWith("/") && arg.endsWith("/"))) {
            return null;
        }
        String expression = arg.substring(1, arg.length() - 1);
        try {
            return Pattern.compile(expression).matcher(text).find() ? null : "does not match /" + expression + "/";
        } catch (PatternSyntaxException e) {
            return null; // a pack's broken regex is the pack's problem, not the profile's
        }
    }

    /** Splits {@code ${ipv4} - ${ipv4}} into pieces; regex and list arguments may hold braces. */
    private static List<Piece> pieces(String format) {
        List<Piece> pieces = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int start = format.indexOf("${", i);
            if (start < 0) {
                pieces.add(new Piece(format.substring(i), null, null));
                break;
            }
            if (start > i) {
                pieces.add(new Piece(format.substring(i, start), null, null));
            }
            int k = start + 2;
            while (k < format.length() && (Character.isLetterOrDigit(format.charAt(k)) || "_-".indexOf(format.charAt(k)) >= 0)) {
                k++;
            }
            String type = format.substring(start + 2, k);
            if (k < format.length() && format.charAt(k) == '}') {
                pieces.add(new Piece("", type, null));
                i = k + 1;
            } else if (k + 1 < format.length() && format.charAt(k) == ':') {
                char open = format.charAt(k + 1);
                String close = open == '/' ? "/}" : open == '[' ? "]}" : "}";
                int end = format.indexOf(close, k + 2);
                if (end < 0) {
                    pieces.add(new Piece(format.substring(start), null, null));
                    break;
                }
                int argEnd = end + close.length() - 1;
                pieces.add(new Piece("", type, format.substring(k + 1, argEnd)));
                i = argEnd + 1;
            } else {
                pieces.add(new Piece(format.substring(start), null, null));
                break;
            }
        }
        return pieces;
    }

    private static String text(JsonNode value) {
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static String shown(JsonNode value) {
        return value.isContainerNode() ? (value.isArray() ? "a list" : "a mapping") : "'" + text(value) + "'";
    }
}
