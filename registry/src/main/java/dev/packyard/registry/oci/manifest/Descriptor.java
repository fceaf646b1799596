package dev.packyard.registry.oci.manifest;

import dev.packyard.registry.oci.Digest;

/**
 * The parts of an OCI descriptor the registry acts on. {@code field} is where it sits in the manifest
 * ({@code layers[1]}), for error messages.
 */
public record Descriptor(String field, String mediaType, Digest digest, long size, java.util.Map<String, String> annotations) {

    public Descriptor {
        annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
    }

    /** True for layers that are fetched from elsewhere and so are not expected in the registry. */
    public boolean isNonDistributable() {
        return MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(mediaType);
    }
}
