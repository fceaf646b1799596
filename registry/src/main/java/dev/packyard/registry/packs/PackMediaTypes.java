package dev.packyard.registry.packs;

/**
 * Media types of Packyard's pack artifacts. Palette documents no media types for packs in OCI registries (only the
 * repository layout and "use oras push"), so Packyard names its own and also ingests packs pushed with ORAS's
 * defaults, recognising them by their single {@code .tar.gz} layer.
 */
public final class PackMediaTypes {
    /** The manifest's {@code artifactType}. */
    public static final String ARTIFACT = "application/vnd.packyard.pack.v1";
    /** The config blob: the pack's {@code pack.json}, so listing packs never needs the tarball. */
    public static final String CONFIG = "application/vnd.packyard.pack.config.v1+json";
    /** The single layer: the pack folder as a deterministic gzip'ed tar. */
    public static final String LAYER = "application/vnd.packyard.pack.layer.v1.tar+gzip";
    /** The annotation that carries the layer's file name, {@code <name>-<version>.tar.gz}. */
    public static final String TITLE = "org.opencontainers.image.title";

    private PackMediaTypes() {
    }
}
