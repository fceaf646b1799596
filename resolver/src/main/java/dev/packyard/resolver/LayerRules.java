package dev.packyard.resolver;

import dev.packyard.packs.Layer;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules on a profile's shape, checked before any version is chosen: infra and full profiles hold exactly one os,
 * k8s, cni and csi layer (at most one kernel), in that order and before any add-on; add-on profiles hold add-ons only;
 * a pack used twice needs a distinct display name on each layer.
 */
final class LayerRules {

    private static final List<Layer> INFRASTRUCTURE = List.of(Layer.OS, Layer.K8S, Layer.CNI, Layer.CSI);

    private LayerRules() {
    }

    static List<Problem> check(Profile profile, List<Slot> slots) {
        List<Problem> problems = new ArrayList<>();
        if (profile.type().hasInfrastructure()) {
            infrastructure(profile, slots, problems);
        } else {
            for (Slot slot : slots) {
                slot.kind.filter(k -> k != Layer.ADDON).ifPresent(k -> problems.add(Errors.at(slot.field(),
                        "layer.add-on-profile", slot.name() + " is a " + k.id() + " layer; an add-on profile holds "
                                + "add-on layers only", "move it to an infra or full profile, or set the profile's "
                                + "type to full")));
            }
        }
        duplicates(slots, problems);
        return problems;
    }

    private static void infrastructure(Profile profile, List<Slot> slots, List<Problem> problems) {
        Map<Layer, List<Slot>> byKind = new EnumMap<>(Layer.class);
        for (Slot slot : slots) {
            slot.kind.ifPresent(k -> byKind.computeIfAbsent(k, x -> new ArrayList<>()).add(slot));
        }
        String type = profile.type() == ProfileType.FULL ? "a full profile" : "an infra profile";
        for (Layer kind : INFRASTRUCTURE) {
            List<Slot> holders = byKind.getOrDefault(kind, List.of());
            boolean unknownKinds = slots.stream().anyMatch(s -> s.kind.isEmpty());
            if (holders.isEmpty() && !unknownKinds) {
                problems.add(Errors.at("layers", "layer.missing", type + " needs one " + kind.id()
                        + " layer and has none", "add a " + kind.id() + " layer (" + example(kind) + "), or make it an "
                        + "add-on profile"));
            } else if (holders.size() > 1) {
                problems.add(Errors.at(holders.get(1).field(), "layer.duplicate-kind", type + " holds exactly one "
                        + kind.id() + " layer, but " + names(holders) + " are all " + kind.id(), "keep one of them"));
            }
        }
        if (byKind.getOrDefault(Layer.KERNEL, List.of()).size() > 1) {
            problems.add(Errors.at(byKind.get(Layer.KERNEL).get(1).field(), "layer.duplicate-kind",
                    type + " holds at most one kernel layer", "keep one of them"));
        }
        // Infrastructure layers in kernel, os, k8s, cni, csi order, all before the first add-on.
        Slot previous = null;
        for (Slot slot : slots) {
            if (slot.kind.isEmpty()) {
                continue;
            }
            if (previous != null && slot.kind.get().ordinal() < previous.kind.get().ordinal()) {
                String rule = previous.kind.get() == Layer.ADDON ? " comes after the add-on " + describe(previous)
                        : " comes after " + describe(previous);
                problems.add(Errors.at(slot.field(), "layer.order", describe(slot) + rule + "; layers go in the "
                        + "order os, k8s, cni, csi, then add-ons", "move " + slot.name() + " before "
                        + previous.name()));
            } else {
                previous = slot;
            }
        }
    }

    private static void duplicates(List<Slot> slots, List<Problem> problems) {
        Map<String, List<Slot>> byName = new LinkedHashMap<>();
        for (Slot slot : slots) {
            byName.computeIfAbsent(slot.name(), n -> new ArrayList<>()).add(slot);
        }
        for (List<Slot> same : byName.values()) {
            if (same.size() < 2) {
                continue;
            }
            Map<String, Slot> seen = new LinkedHashMap<>();
            for (Slot slot : same) {
                Optional<String> display = slot.displayName;
                if (display.isEmpty()) {
                    problems.add(Errors.at(slot.field() + ".displayName", "layer.duplicate-pack",
                            slot.name() + " is used by " + same.size() + " layers (" + fields(same) + "), and this one "
                                    + "has no display name", "give each layer of " + slot.name() + " its own displayName "
                                    + "(or pack.spectrocloud.com/display-name in its values)"));
                } else if (seen.containsKey(display.get())) {
                    problems.add(Errors.at(slot.field() + ".displayName", "layer.duplicate-pack",
                            slot.name() + " is used twice with the display name '" + display.get() + "' ("
                                    + seen.get(display.get()).field() + " and " + slot.field() + ")",
                            "give each layer of " + slot.name() + " a different displayName"));
                } else {
                    seen.put(display.get(), slot);
                }
            }
        }
    }

    private static String describe(Slot slot) {
        return slot.field() + " " + slot.name() + " (" + slot.kind.map(Layer::id).orElse("?") + ")";
    }

    private static String names(List<Slot> slots) {
        return String.join(", ", slots.stream().map(s -> s.field() + " " + s.name()).toList());
    }

    private static String fields(List<Slot> slots) {
        return String.join(", ", slots.stream().map(Slot::field).toList());
    }

    private static String example(Layer kind) {
        return switch (kind) {
            case OS -> "e.g. ubuntu";
            case K8S -> "e.g. kubernetes";
            case CNI -> "e.g. cni-calico";
            case CSI -> "e.g. csi-local-path";
            default -> kind.id();
        };
    }
}
