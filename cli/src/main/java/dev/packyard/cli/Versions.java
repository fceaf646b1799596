package dev.packyard.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.semver4j.Semver;

/** Picks the newest of a pack's versions (its tags) when the registry's catalog cannot say. */
public final class Versions {

    private Versions() {
    }

    /**
     * The newest version: the highest by semantic-version order among the tags that are versions (leniently read, so
     * {@code 1.29} counts as {@code 1.29.0}); when none is, the last in lexical order.
     */
    public static Optional<String> newest(Collection<String> tags) {
        Comparator<String> bySemver = Comparator.comparing((String t) -> coerce(t).orElseThrow())
                .thenComparing(Comparator.naturalOrder());
        Optional<String> newestVersion = tags.stream().filter(t -> coerce(t).isPresent()).max(bySemver);
        return newestVersion.isPresent() ? newestVersion : tags.stream().max(Comparator.naturalOrder());
    }

    private static Optional<Semver> coerce(String tag) {
        Semver strict = Semver.parse(tag);
        if (strict != null) {
            return Optional.of(strict);
        }
        if (!tag.matches("v?\\d+(\\.\\d+){0,2}")) {
            return Optional.empty(); // "latest", "lts", dates: not versions
        }
        return Optional.ofNullable(Semver.coerce(tag));
    }
}
