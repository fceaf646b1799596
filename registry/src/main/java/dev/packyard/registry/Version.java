package dev.packyard.registry;

/** The version this build reports, from the jar's manifest (absent when run from classes). */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
