package dev.packyard.registry.oci.manifest;

import java.util.Set;

/** Manifest media types the registry understands, and layer types that are never pushed to it. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** From the 1.1 release candidates; older ORAS clients still push it. */
    public static final String OCI_ARTIFACT_MANIFEST = "application/vnd.oci.artifact.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** Layers that live outside the registry (listed by URL), so the registry never holds their bytes. */
    static final Set<String> NON_DISTRIBUTABLE_LAYERS = Set.of(
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    public static final Set<String> MANIFESTS =
            Set.of(OCI_MANIFEST, OCI_INDEX, OCI_ARTIFACT_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    private MediaTypes() {
    }

    /** {@code application/x; charset=utf-8} → {@code application/x}. */
    public static String withoutParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }
}
