package dev.packyard.resolver.reference;

import dev.packyard.packs.PackVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * How a profile layer names the versions it accepts, as written in the profile ({@code version:} in a Packyard
 * profile, {@code tag} in Palette's export JSON). A closed set:
 *
 * <ul>
 *   <li>{@link Exact} {@code 1.31.4} (also {@code lts__22.04.5}): that version only;</li>
 *   <li>{@link Train} {@code 1.x}, {@code 1.31.x}, {@code lts__22.04.x}: the newest of a major or minor line, like
 *       Palette's auto-generated parent tags;</li>
 *   <li>{@link Range} {@code >=1.29 <1.32}, {@code ~1.30}, {@code ^2.1}: npm-style ranges (semver4j), lenient on
 *       two-part versions;</li>
 *   <li>{@link Latest} {@code latest} (or no reference at all): the newest version.</li>
 * </ul>
 *
 * <p>Which versions a reference accepts is {@link #accepts}; lifecycle states (deprecated, disabled, deleted) are the
 * resolver's business, except that only an exact reference may name a disabled version ({@link #isExact()}).
 */
public sealed interface VersionReference {

    /** The reference as written in the profile; written back unchanged into the lock. */
    String text();

    /**
     * True when a pack version (with the pack's {@code group}, e.g. {@code LTS}) is one this reference names. Trains
     * and {@code latest} never accept a pre-release (a version such as {@code 2.0.2-up.3}); an exact reference
     * accepts one it names, a range one whose range names a pre-release of the same major.minor.patch (npm rules).
     */
    boolean accepts(PackVersion version, Optional<String> group);

    /** True for an exact pin, the only kind of reference that may select a disabled version. */
    default boolean isExact() {
        return this instanceof Exact;
    }

    /** A short phrase for messages: {@code 1.28.x}, {@code latest}, {@code >=1.29 <1.32}. */
    default String describe() {
        return text();
    }

    /**
     * Reads a reference. Blank text means {@link Latest}, as an absent {@code tag} does in Palette's export.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms when the text is none of them
     */
    static VersionReference parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("latest") || t.equals("*") || t.equalsIgnoreCase("x")) {
            return new Latest(t.isEmpty() ? "latest" : t);
        }
        Matcher train = ReferenceSyntax.TRAIN.matcher(t);
        if (train.matches()) {
            Optional<String> group = Optional.ofNullable(train.group(1));
            int major = ReferenceSyntax.number(train.group(2), text);
            Optional<Integer> minor = Optional.ofNullable(train.group(3)).map(m -> ReferenceSyntax.number(m, text));
            return new Train(t, group, major, minor);
        }
        Matcher grouped = ReferenceSyntax.GROUPED.matcher(t);
        Optional<String> group = Optional.empty();
        String label = t;
        if (grouped.matches()) {
            group = Optional.of(grouped.group(1));
            label = grouped.group(2);
        }
        Optional<PackVersion> exact = PackVersion.parse(label);
        if (exact.isPresent()) {
            return new Exact(t, group, exact.get());
        }
        if (group.isEmpty() && ReferenceSyntax.looksLikeRange(t) && ReferenceSyntax.validRange(t)) {
            return Range.of(t);
        }
        throw new IllegalArgumentException("'" + text + "' is not a version reference; " + ReferenceSyntax.FORMS);
    }

    /**
     * One version, e.g. {@code 1.31.4}, {@code 1.16} (read as 1.16.0) or {@code lts__22.04.5}; matched by semantic
     * precedence, so {@code v1.2.0} names the same version as {@code 1.2.0}.
     *
     * @param group the tag group before {@code __}, compared case-insensitively with the pack's {@code group}
     */
    record Exact(String text, Optional<String> group, PackVersion version) implements VersionReference {

        public Exact {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public boolean accepts(PackVersion candidate, Optional<String> packGroup) {
            return ReferenceSyntax.groupMatches(group, packGroup) && candidate.samePrecedence(version);
        }
    }

    /**
     * The newest release of a line: {@code 1.x} (major 1), {@code 1.31.x} (minor 1.31), {@code lts__22.04.x} (minor
     * 22.04 of packs whose {@code group} is {@code LTS}). A train without a group accepts packs of any group.
     */
    record Train(String text, Optional<String> group, int major, Optional<Integer> minor) implements VersionReference {

        public Train {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(minor, "minor");
        }

        @Override
        public boolean accepts(PackVersion candidate, Optional<String> packGroup) {
            return !candidate.isPrerelease() && ReferenceSyntax.groupMatches(group, packGroup)
                    && candidate.major() == major && minor.map(m -> m == candidate.minor()).orElse(true);
        }
    }

    /**
     * An npm-style range read by semver4j: comparators ({@code >=1.29 <1.32}), tilde ({@code ~1.30}), caret
     * ({@code ^2.1}), hyphen ({@code 1.2 - 1.4}), x-ranges inside comparators and {@code ||}. Two-part versions read as
     * their {@code .0}.
     */
    record Range(String text, RangeList range) implements VersionReference {

        public Range {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(range, "range");
        }

        /** Reads a range, refusing what semver4j would silently read as "nothing" (e.g. {@code >=foo}). */
        public static Range of(String text) {
            String t = text.strip();
            if (!ReferenceSyntax.validRange(t)) {
                throw new IllegalArgumentException("'" + text + "' is not a version range; " + ReferenceSyntax.FORMS);
            }
            // includePrerelease=false: a pre-release satisfies the range only when a comparator names a pre-release
            // of the same major.minor.patch, so ranges, like trains, skip pre-releases unless asked.
            return new Range(t, RangeListFactory.create(t, false));
        }

        @Override
        public boolean accepts(PackVersion candidate, Optional<String> packGroup) {
            return candidate.semver().satisfies(range);
        }

        @Override
        public boolean equals(Object o) {
            // semver4j's RangeList has no value equality; the text says it all.
            return o instanceof Range other && text.equals(other.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /** The newest release (never a pre-release); what an absent reference means. */
    record Latest(String text) implements VersionReference {

        public Latest {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean accepts(PackVersion candidate, Optional<String> packGroup) {
            return !candidate.isPrerelease();
        }
    }
}
