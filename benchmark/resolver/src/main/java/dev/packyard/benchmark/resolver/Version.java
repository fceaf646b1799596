package dev.packyard.benchmark.resolver;

import java.util.Objects;

/**
 * The benchmark's own version numbers: {@code major.minor.patch} with an optional {@code -rc.N}. Written apart from
 * the resolver's (semver4j) so that the lock check does not trust the code it checks.
 */
record Version(int major, int minor, int patch, int rc) implements Comparable<Version> {

    /** No pre-release part. */
    static final int RELEASE = 0;

    static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch, RELEASE);
    }

    /** {@code 1}, {@code 1.2}, {@code 1.2.3} or {@code 1.2.3-rc.4}; missing parts are 0. */
    static Version parse(String text) {
        String[] main = text.split("-rc\\.", 2);
        String[] parts = main[0].split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        return new Version(major, minor, patch, main.length > 1 ? Integer.parseInt(main[1]) : RELEASE);
    }

    boolean prerelease() {
        return rc != RELEASE;
    }

    Version release() {
        return of(major, minor, patch);
    }

    /** Ubuntu-style texts keep the zero-padded minor ({@code 22.04.5}); everything else is plain. */
    String text(boolean padMinor) {
        String base = major + "." + (padMinor && minor < 10 ? "0" + minor : Integer.toString(minor)) + "." + patch;
        return rc == RELEASE ? base : base + "-rc." + rc;
    }

    String text() {
        return text(false);
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (rc == o.rc) {
            return 0;
        }
        // A release sorts after its pre-releases.
        return rc == RELEASE ? 1 : o.rc == RELEASE ? -1 : Integer.compare(rc, o.rc);
    }

    /**
     * Whether {@code v} lies within a dependency's bounds as pack.json writes them: empty is open, both ends are
     * inclusive, and a maximum with one or two parts covers its whole line ({@code "1.31"} is every 1.31.x).
     */
    static boolean within(Version v, String min, String max) {
        Objects.requireNonNull(v);
        if (!min.isEmpty() && v.compareTo(parse(min)) < 0) {
            return false;
        }
        if (max.isEmpty()) {
            return true;
        }
        Version m = parse(max);
        return switch (max.split("\\.").length) {
            case 1 -> v.major <= m.major;
            case 2 -> v.major < m.major || (v.major == m.major && v.minor <= m.minor);
            default -> v.compareTo(m) <= 0;
        };
    }
}
