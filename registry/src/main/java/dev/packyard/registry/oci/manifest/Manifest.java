package dev.packyard.registry.oci.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, validated manifest: what the registry must check before storing it, and what the referrers API
 * reports about it. The exact pushed bytes are kept elsewhere; this is never serialized back.
 *
 * @param mediaType    from the body's {@code mediaType} or, when absent, the request's {@code Content-Type}
 * @param blobs        config and layers (or an artifact manifest's blobs) that must exist in the repository
 * @param manifests    the manifests an index lists, which must exist in the repository
 * @param subject      the manifest this one refers to; allowed to be missing
 * @param artifactType {@code artifactType}, else for an image manifest its {@code config.mediaType}
 * @param annotations  every annotation, copied as pushed
 */
public record Manifest(String mediaType, List<Descriptor> blobs, List<Descriptor> manifests,
                       Optional<Descriptor> subject, Optional<String> artifactType, Map<String, String> annotations) {

    public Manifest {
        blobs = List.copyOf(blobs);
        manifests = List.copyOf(manifests);
        annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
    }

    /** The config descriptor of an image manifest. */
    public Optional<Descriptor> config() {
        return blobs.stream().filter(blob -> blob.field().equals("config")).findFirst();
    }

    /** The layers of an image manifest, or the blobs of an artifact manifest. */
    public List<Descriptor> layers() {
        return blobs.stream().filter(blob -> !blob.field().equals("config")).toList();
    }
}
