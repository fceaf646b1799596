package dev.packyard.resolver.profile;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A profile variable, used in values as {@code {{.spectro.var.NAME}}} and given a value per cluster (Palette's
 * {@code v1Variable}).
 *
 * @param format       what the value must look like
 * @param defaultValue used when the caller gives no value
 * @param required     a value (given or default) must exist
 * @param regex        the value must contain a match (unanchored, as RE2's MatchString; anchor with ^ and $)
 * @param hidden       hidden from users in the UI; no effect on resolution
 * @param immutable    a cluster may not give a value other than the default
 * @param sensitive    the value is a secret: checked, but left as its placeholder in the lock so it is never written
 *                     to a lock file
 */
public record Variable(String name, Optional<String> displayName, Optional<String> description, VariableFormat format,
        Optional<String> defaultValue, boolean required, Optional<String> regex, boolean hidden, boolean immutable,
        boolean sensitive) {

    /** Names usable in {@code {{.spectro.var.NAME}}}: a Go template field name, plus hyphens as Palette allows. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    public Variable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(regex, "regex");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variable name '" + name + "' must be letters, digits, '_' or '-', "
                    + "starting with a letter or '_'");
        }
    }

    /** A plain optional string variable. */
    public static Variable of(String name) {
        return new Variable(name, Optional.empty(), Optional.empty(), VariableFormat.STRING, Optional.empty(), false,
                Optional.empty(), false, false, false);
    }

    /**
     * Why {@code value} is not acceptable for this variable, or empty when it is: the format, then the regex.
     * The message is a sentence fragment: "is 'abc', which is not a number such as 3 or 2.5".
     */
    public Optional<String> check(String value) {
        if (!format.accepts(value)) {
            return Optional.of("is '" + value + "', which is not " + format.example());
        }
        if (regex.isPresent()) {
            try {
                if (!Pattern.compile(regex.get()).matcher(value).find()) {
                    return Optional.of("is '" + value + "', which does not match /" + regex.get() + "/");
                }
            } catch (PatternSyntaxException e) {
                return Optional.of("has a regex that does not compile: " + e.getDescription());
            }
        }
        return Optional.empty();
    }
}
