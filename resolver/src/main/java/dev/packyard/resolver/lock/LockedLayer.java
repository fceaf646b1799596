package dev.packyard.resolver.lock;

import dev.packyard.packs.Layer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One layer of a lock: what to install, exactly.
 *
 * @param installOrder    1-based position in install order (the lock lists layers in this order)
 * @param name            the pack name (or the manifest layer's name)
 * @param displayName     the name telling two layers of one pack apart, when set
 * @param layer           the layer kind
 * @param type            {@code spectro}, {@code helm}, {@code oci} (packs) or {@code manifest} (inline manifests)
 * @param version         the concrete version chosen
 * @param reference       the version reference as written in the profile; absent for manifest layers
 * @param registry        where the pack came from, when the source says
 * @param repository      the pack's repository in that registry, when the source says
 * @param digest          the pack's manifest digest ({@code sha256:...}); for manifest layers the digest of their
 *                        manifests
 * @param installPriority {@code spectrocloud.com/install-priority} of an add-on (default 0); absent for infrastructure
 *                        layers, which install first in layer order
 * @param presets         the presets applied, as {@code Group:name}
 * @param values          the merged values as YAML text
 * @param valuesDigest    {@code sha256:} of the UTF-8 bytes of {@code values}
 * @param manifests       the manifests of a manifest layer; empty for packs
 * @param warnings        what the user should know, e.g. that a deprecated version was picked
 */
public record LockedLayer(int installOrder, String name, Optional<String> displayName, Layer layer, String type,
        String version, Optional<String> reference, Optional<String> registry, Optional<String> repository,
        String digest, OptionalInt installPriority, List<String> presets, String values, String valuesDigest,
        List<LockedManifest> manifests, List<String> warnings) {

    public LockedLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(installPriority, "installPriority");
        presets = List.copyOf(presets);
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(valuesDigest, "valuesDigest");
        manifests = List.copyOf(manifests);
        warnings = List.copyOf(warnings);
    }

    /** How the layer is told apart from the profile's other layers: its name, plus its display name when set. */
    public String key() {
        return displayName.map(d -> name + " (" + d + ")").orElse(name);
    }
}
