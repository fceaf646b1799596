package dev.packyard.signing;

import java.util.Objects;

/**
 * What the running JVM's FIPS crypto looks like, for a health or status endpoint and for start-up logs.
 *
 * @param enabled       the BCFIPS provider is registered in the JCA provider list
 * @param approvedOnly  the module refuses non-approved algorithms in every thread (set once, at start-up)
 * @param module        the validated module's name, {@code BC-FJA} (Bouncy Castle FIPS Java API)
 * @param moduleVersion the bc-fips version actually loaded, e.g. {@code 2.1.3}
 * @param certificate   the CMVP certificate covering that version, e.g. {@code #4943}, or {@code unknown}
 * @param selfTest      the module's power-on self-tests passed and it is not in its error state
 */
public record FipsStatus(boolean enabled, boolean approvedOnly, String module, String moduleVersion,
                         String certificate, boolean selfTest) {

    /** The name NIST lists the Bouncy Castle FIPS Java module under. */
    public static final String MODULE = "BC-FJA";

    /** Reported when a module version is not one whose certificate we know. */
    public static final String UNKNOWN_CERTIFICATE = "unknown";

    public FipsStatus {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(moduleVersion, "moduleVersion");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * The CMVP certificate for a bc-fips version. The number is not available from the module at run time, so it is
     * derived from the release line, as the bc-fips POM descriptions state it: 2.1.x (2.1.3 is a patched 2.1.2) is
     * covered by FIPS 140-3 interim certificate #4943, 2.0.x by FIPS 140-3 certificate #4743. The 1.0.x line was FIPS
     * 140-2 only, and those certificates went to the CMVP historical list in September 2026, so it maps to
     * {@link #UNKNOWN_CERTIFICATE} like any newer line does until this table learns its number.
     */
    public static String certificateFor(String moduleVersion) {
        if (moduleVersion.equals("2.1") || moduleVersion.startsWith("2.1.")) {
            return "#4943";
        }
        if (moduleVersion.equals("2.0") || moduleVersion.startsWith("2.0.")) {
            return "#4743";
        }
        return UNKNOWN_CERTIFICATE;
    }
}
