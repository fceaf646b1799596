package dev.packyard.resolver.reference;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The text forms of {@link VersionReference}: trains, tag groups and the range syntax semver4j is given. */
final class ReferenceSyntax {

    static final String FORMS = "write an exact version (1.31.4), a train (1.x, 1.31.x, lts__22.04.x), "
            + "a range (>=1.29 <1.32, ~1.30, ^2.1) or latest";

    // [group__]major.x or [group__]major.minor.x; the group is Palette's tag group (lts__22.04.x).
    static final Pattern TRAIN = Pattern.compile("(?:([A-Za-z][A-Za-z0-9_-]*?)__)?[vV]?(\\d{1,9})(?:\\.(\\d{1,9}))?\\.[xX*]");
    static final Pattern GROUPED = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*?)__(.+)");
    // One comparator of a range: an optional operator, then a (partial, possibly x-ed) version.
    private static final Pattern COMPARATOR = Pattern.compile(
            "(?:>=|<=|>|<|=|~>|~|\\^)?[vV]?(?:\\d{1,9}|[xX*])(?:\\.(?:\\d{1,9}|[xX*])){0,2}"
                    + "(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern OPERATOR_SPACE = Pattern.compile("(>=|<=|>|<|=|~>|~|\\^)\\s+");

    private ReferenceSyntax() {
    }

    static int number(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a number too large for a version; " + FORMS);
        }
    }

    static boolean groupMatches(Optional<String> wanted, Optional<String> packGroup) {
        return wanted.isEmpty() || packGroup.map(g -> g.strip().equalsIgnoreCase(wanted.get())).orElse(false);
    }

    static boolean looksLikeRange(String t) {
        return t.matches(".*(?:[<>=~^|\\s]|\\d\\.[xX*]).*");
    }

    /** True when every comparator of every alternative is well formed (hyphen ranges allowed). */
    static boolean validRange(String t) {
        String normalized = OPERATOR_SPACE.matcher(t).replaceAll("$1");
        for (String alternative : normalized.split("\\|\\|", -1)) {
            String[] parts = alternative.strip().split("\\s+");
            if (parts.length == 1 && parts[0].isEmpty()) {
                return false;
            }
            if (parts.length == 3 && parts[1].equals("-")) {
                if (!plainVersion(parts[0]) || !plainVersion(parts[2])) {
                    return false;
                }
                continue;
            }
            for (String part : parts) {
                if (!COMPARATOR.matcher(part).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean plainVersion(String part) {
        return COMPARATOR.matcher(part).matches() && Character.isDigit(part.toLowerCase(Locale.ROOT)
                .replaceFirst("^v", "").charAt(0));
    }
}
