package dev.packyard.packs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code pack:} section of values.yaml: how Palette installs the pack rather than how the chart is configured.
 *
 * @param namespace            target namespace, created when missing
 * @param additionalNamespaces extra namespaces to create
 * @param namespaceLabels      namespace to {@code "k=v,k2=v2"} labels
 * @param images               {@code content.images[].image}: every container image, for air-gapped mirroring
 * @param charts               {@code content.charts[]}: upstream chart coordinates
 * @param releaseNameOverride  chart name to Helm release name (default release name is pack name-chart name)
 * @param installPriority      {@code spectrocloud.com/install-priority}: add-on install order
 * @param displayName          {@code spectrocloud.com/display-name}: lets one profile hold the pack twice
 */
public record PackSection(Optional<String> namespace, List<String> additionalNamespaces,
        Map<String, String> namespaceLabels, List<String> images, List<ChartReference> charts,
        Map<String, String> releaseNameOverride, OptionalInt installPriority, Optional<String> displayName) {

    public static final PackSection EMPTY = new PackSection(Optional.empty(), List.of(), Map.of(), List.of(),
            List.of(), Map.of(), OptionalInt.empty(), Optional.empty());

    public PackSection {
        Objects.requireNonNull(namespace, "namespace");
        additionalNamespaces = List.copyOf(additionalNamespaces);
        namespaceLabels = Copies.map(namespaceLabels);
        images = List.copyOf(images);
        charts = List.copyOf(charts);
        releaseNameOverride = Copies.map(releaseNameOverride);
        Objects.requireNonNull(installPriority, "installPriority");
        Objects.requireNonNull(displayName, "displayName");
    }
}
