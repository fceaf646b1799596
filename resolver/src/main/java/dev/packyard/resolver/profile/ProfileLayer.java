package dev.packyard.resolver.profile;

import dev.packyard.packs.Layer;
import java.util.Optional;

/** One layer of a profile: a pack from a registry, or manifests written inline in the profile. */
public sealed interface ProfileLayer permits PackLayer, ManifestLayer {

    /** The pack name, or the manifest layer's name. */
    String name();

    /** The layer kind the profile declares ({@code layer:}); for packs the pack's own {@code layer} decides when absent. */
    Optional<Layer> layer();

    /** Values written in the profile (YAML text, {@code ""} when none): overrides for a pack, the values of a manifest layer. */
    String values();

    /** The name that tells two layers of the same pack apart ({@code spectrocloud.com/display-name}). */
    Optional<String> displayName();
}
