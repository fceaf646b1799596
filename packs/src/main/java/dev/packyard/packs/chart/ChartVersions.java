package dev.packyard.packs.chart;

import org.semver4j.Semver;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Chart versions are SemVer 2.0.0, as Helm requires of charts kept in repositories: it sorts entries and resolves
 * version ranges by SemVer. A leading {@code v} is allowed, as Helm allows it and well-known charts use it
 * ({@code cert-manager v1.15.3}); partial versions such as {@code 1.2} are not.
 */
public final class ChartVersions {

    /** The grammar of semver.org, written out because semver4j also accepts forms SemVer does not. */
    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    /**
     * Newest first, by SemVer precedence; versions equal in precedence (differing in build metadata) by text. Only
     * for versions that passed {@link #isValid}.
     */
    public static final Comparator<String> NEWEST_FIRST = ChartVersions::compareNewestFirst;

    private ChartVersions() {
    }

    public static boolean isValid(String version) {
        return version.length() <= 128 && SEMVER.matcher(version).matches();
    }

    /** The OCI tag Helm uses for a version: {@code +} is not allowed in tags, so it becomes {@code _}. */
    public static String tagOf(String version) {
        return version.replace('+', '_');
    }

    /** The version an OCI tag stands for, the reverse of {@link #tagOf}. */
    public static String versionOfTag(String tag) {
        return tag.replace('_', '+');
    }

    private static Semver semver(String version) {
        return Semver.parse(version.startsWith("v") ? version.substring(1) : version);
    }

    private static int compareNewestFirst(String a, String b) {
        int byPrecedence = semver(b).compareTo(semver(a));
        return byPrecedence != 0 ? byPrecedence : b.compareTo(a);
    }
}
