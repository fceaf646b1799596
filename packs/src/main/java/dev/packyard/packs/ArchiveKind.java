package dev.packyard.packs;

/**
 * What a {@code .tar.gz} read by {@link PackArchive#read(java.io.InputStream, long, ArchiveKind)} holds: the noun and
 * the hint its error messages use, and whether a single top-level folder is stripped.
 */
public enum ArchiveKind {

    /** A pack folder, archived as Palette documents; its single top-level folder, when there is one, is stripped. */
    PACK("pack", "archive the pack folder with tar -czf name-version.tar.gz <folder>", true),

    /** A Helm chart as {@code helm package} makes it: one folder named after the chart, which is kept in the paths. */
    CHART("chart", "package the chart folder with helm package <folder>", false);

    private final String noun;
    private final String howToCreate;
    private final boolean stripsTopFolder;

    ArchiveKind(String noun, String howToCreate, boolean stripsTopFolder) {
        this.noun = noun;
        this.howToCreate = howToCreate;
        this.stripsTopFolder = stripsTopFolder;
    }

    String noun() {
        return noun;
    }

    String howToCreate() {
        return howToCreate;
    }

    boolean stripsTopFolder() {
        return stripsTopFolder;
    }
}
