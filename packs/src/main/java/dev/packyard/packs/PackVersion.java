package dev.packyard.packs;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * A pack version, read leniently because real packs are loose: {@code v1.12.0} (leading v), {@code 1.29} and
 * {@code 1.16} (two parts, read as {@code .0}), {@code 2.0.2-up.3} (pre-release kept). Ordering is semantic-version
 * precedence, so {@code 2.0.2-up.3 < 2.0.2} and {@code 1.29 < 1.29.1 < v1.30.0}.
 *
 * @param text   the version as written in the pack
 * @param semver the strict semantic version it was read as
 */
public record PackVersion(String text, Semver semver) implements Comparable<PackVersion> {

    // Up to three numeric parts (missing ones read as 0), then semver's own pre-release and build parts, which semver4j
    // checks. Parts are capped at 9 digits because semver4j holds them in an int.
    private static final Pattern LOOSE =
            Pattern.compile("[vV]?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?((?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)");

    public PackVersion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(semver, "semver");
    }

    /** The version {@code text} reads as, or empty when it cannot be read even leniently (e.g. {@code 2.2.2.develop}). */
    public static Optional<PackVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LOOSE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String normalized = Integer.parseInt(m.group(1)) + "."
                + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2))) + "."
                + (m.group(3) == null ? 0 : Integer.parseInt(m.group(3)))
                + m.group(4);
        Semver semver = Semver.parse(normalized);
        return semver == null ? Optional.empty() : Optional.of(new PackVersion(text, semver));
    }

    /** True for a pre-release such as {@code 2.0.2-up.3}, which sorts before {@code 2.0.2}. */
    public boolean isPrerelease() {
        return !semver.getPreRelease().isEmpty();
    }

    public int major() {
        return semver.getMajor();
    }

    public int minor() {
        return semver.getMinor();
    }

    /** True when the text is already a strict semantic version, with no leading v and three parts. */
    public boolean isStrict() {
        return text.equals(semver.getVersion());
    }

    /**
     * Semantic-version precedence first. Versions of equal precedence but different spelling ({@code v1.0.0} and
     * {@code 1.0.0}) are then ordered by their text, so the order is total and agrees with {@code equals}; use
     * {@link #samePrecedence} to ask whether two spellings mean the same version.
     */
    @Override
    public int compareTo(PackVersion other) {
        int bySemver = semver.compareTo(other.semver);
        return bySemver != 0 ? bySemver : text.compareTo(other.text);
    }

    /** True when both versions have the same semantic-version precedence, whatever their spelling. */
    public boolean samePrecedence(PackVersion other) {
        return semver.compareTo(other.semver) == 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
