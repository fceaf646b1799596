package dev.packyard.registry.oci;

import java.util.Comparator;
import java.util.regex.Pattern;

/** A tag per the distribution spec: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. Tags are case-sensitive. */
public record Tag(String value) {

    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /** The spec's listing order: lexical and case-insensitive, ties broken by the exact characters. */
    public static final Comparator<String> ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    public Tag {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tag: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && GRAMMAR.matcher(value).matches();
    }

    public static String explain(String value) {
        return "tag '" + value + "' must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}";
    }

    @Override
    public String toString() {
        return value;
    }
}
