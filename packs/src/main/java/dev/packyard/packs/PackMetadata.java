package dev.packyard.packs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code pack.json} says about a pack. Optional fields written as {@code ""} in real packs ({@code "eol": ""},
 * {@code "group": ""}) are read as absent.
 *
 * @param name          identity of the pack across versions (the folder name may differ: {@code argocd-3.26.7} holds
 *                      {@code argo-cd})
 * @param version       the version as written; read it with {@link PackVersion#parse}
 * @param cloudTypes    clouds the pack supports ({@code all}, {@code aws}, ...)
 * @param cloudType     the legacy single-cloud field
 * @param group         tag group, e.g. {@code LTS}
 * @param eol           end-of-life date as written ({@code yyyy-MM-dd} per Palette)
 * @param annotations   free key/values; {@link #state()}, {@link #fips()} and {@link #source()} read known ones
 * @param charts        paths of the chart archives in the pack
 * @param kubeManifests paths of the manifest files in the pack
 * @param ansibleRoles  paths of Ansible roles in the pack
 */
public record PackMetadata(String name, String displayName, String version, Layer layer, Optional<String> addonType,
        Optional<String> addonSubType, List<String> cloudTypes, Optional<String> cloudType, Optional<String> group,
        Optional<String> eol, Map<String, String> annotations, List<String> charts, List<String> kubeManifests,
        List<String> ansibleRoles, Constraints constraints) {

    public PackMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(addonType, "addonType");
        Objects.requireNonNull(addonSubType, "addonSubType");
        cloudTypes = List.copyOf(cloudTypes);
        Objects.requireNonNull(cloudType, "cloudType");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(eol, "eol");
        annotations = Copies.map(annotations);
        charts = List.copyOf(charts);
        kubeManifests = List.copyOf(kubeManifests);
        ansibleRoles = List.copyOf(ansibleRoles);
        Objects.requireNonNull(constraints, "constraints");
    }

    /**
     * The lifecycle state pack-central encodes in annotations: {@code system_state} ({@code deprecated},
     * {@code disabled}, {@code deleted}) or {@code disabled: "true"}; the more severe wins when both are set.
     */
    public PackState state() {
        PackState state = PackState.ACTIVE;
        String systemState = annotations.getOrDefault("system_state", "");
        for (PackState candidate : PackState.values()) {
            if (candidate != PackState.ACTIVE && candidate.id().equalsIgnoreCase(systemState.strip())) {
                state = candidate;
            }
        }
        if ("true".equalsIgnoreCase(annotations.getOrDefault("disabled", "").strip())
                && state.compareTo(PackState.DISABLED) < 0) {
            state = PackState.DISABLED;
        }
        return state;
    }

    /** True when the {@code fips} annotation is {@code "true"}: the pack is meant for FIPS-mode clusters. */
    public boolean fips() {
        return "true".equalsIgnoreCase(annotations.getOrDefault("fips", "").strip());
    }

    /** The {@code source} annotation ({@code spectrocloud} or {@code community} in pack-central). */
    public Optional<String> source() {
        return Optional.ofNullable(annotations.get("source")).filter(s -> !s.isBlank());
    }
}
