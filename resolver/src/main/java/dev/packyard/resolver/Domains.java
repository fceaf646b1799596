package dev.packyard.resolver;

import dev.packyard.packs.DependencyType;
import dev.packyard.packs.Layer;
import dev.packyard.packs.PackMetadata;
import dev.packyard.packs.PackState;
import dev.packyard.packs.PackVersion;
import dev.packyard.packs.Problem;
import dev.packyard.resolver.Rejection.Reason;
import dev.packyard.resolver.lock.LockedLayer;
import dev.packyard.resolver.profile.PackLayer;
import dev.packyard.resolver.reference.VersionReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The unary constraints: which of a layer's candidates could fill it whatever the other layers hold (registry,
 * reference, lifecycle state, layer kind, cloud type, required packs present at all, the upgrade path from the
 * previous lock). What is left is the layer's domain, newest first; what is not is kept with its reason.
 */
final class Domains {

    /** Newest first; equal versions by registry, then digest, so the order never depends on the source's. */
    static final Comparator<Option> NEWEST_FIRST = Comparator.<Option, PackVersion>comparing(o -> o.version).reversed()
            .thenComparing(o -> o.candidate.registry().orElse(""))
            .thenComparing(o -> o.candidate.digest());

    private Domains() {
    }

    static void build(Slot slot, String cloudType, Set<String> packNames, Optional<LockedLayer> previous,
            ParseCache cache) {
        PackLayer layer = slot.pack();
        VersionReference reference = layer.reference();
        Optional<PackVersion> previousVersion = previous.flatMap(p -> PackVersion.parse(p.version()));
        List<Option> options = new ArrayList<>();
        for (PackCandidate candidate : slot.offered) {
            cache.version(candidate.pack().metadata().version())
                    .ifPresent(version -> options.add(new Option(slot, candidate, version, cache)));
        }
        options.sort(NEWEST_FIRST);
        for (Option option : options) {
            Rejection rejection = reject(option, layer, reference, slot.kind, cloudType, packNames, previousVersion);
            if (rejection == null) {
                slot.domain.add(option);
            } else {
                slot.rejections.add(rejection);
            }
        }
    }

    private static Rejection reject(Option option, PackLayer layer, VersionReference reference, Optional<Layer> kind,
            String cloudType, Set<String> packNames, Optional<PackVersion> previous) {
        PackCandidate candidate = option.candidate;
        PackMetadata metadata = candidate.pack().metadata();
        if (layer.registry().isPresent()
                && !candidate.registry().map(r -> r.equalsIgnoreCase(layer.registry().get())).orElse(false)) {
            return new Rejection(option, Reason.REGISTRY, "is in registry " + candidate.registry().orElse("(none)"));
        }
        if (!reference.accepts(option.version, option.group)) {
            if (!reference.isExact() && option.version.isPrerelease() && reference.accepts(released(option.version), option.group)) {
                return new Rejection(option, Reason.PRERELEASE, "is a pre-release, which " + reference.describe()
                        + " skips; pin it exactly to use it");
            }
            return new Rejection(option, Reason.REFERENCE, "does not match " + reference.describe());
        }
        if (candidate.state() == PackState.DELETED) {
            return new Rejection(option, Reason.STATE, "is deleted from the registry");
        }
        if (candidate.state() == PackState.DISABLED && !reference.isExact()) {
            return new Rejection(option, Reason.STATE, "is disabled; only an exact pin (" + option.version.text()
                    + ") may still use it");
        }
        if (kind.isPresent() && metadata.layer() != kind.get()) {
            return new Rejection(option, Reason.LAYER, "is a " + metadata.layer().id() + " pack, but the profile puts it "
                    + "in a " + kind.get().id() + " layer");
        }
        List<String> clouds = cloudTypes(metadata);
        if (!clouds.isEmpty() && !clouds.contains("all") && !clouds.contains(cloudType.toLowerCase(Locale.ROOT))) {
            return new Rejection(option, Reason.CLOUD, "supports cloud types " + String.join(", ", clouds)
                    + ", not " + cloudType);
        }
        if (!option.unreadable.isEmpty()) {
            return new Rejection(option, Reason.UNREADABLE, "has a dependency on " + option.unreadable.get(0).packName()
                    + " whose bounds are not versions");
        }
        for (List<Bound> bounds : option.dependencies.values()) {
            for (Bound bound : bounds) {
                if (bound.type() == DependencyType.REQUIRED && !packNames.contains(bound.target())) {
                    return new Rejection(option, Reason.REQUIRED_MISSING, "needs " + bound.describeTarget()
                            + ", which the profile does not have");
                }
            }
        }
        if (previous.isPresent() && !previous.get().samePrecedence(option.version)) {
            for (Bound bound : option.upgrades) {
                if (!bound.contains(previous.get())) {
                    return new Rejection(option, Reason.UPGRADE, "can only be upgraded to from " + bound.describeTarget()
                            + "; the previous lock has " + previous.get().text());
                }
            }
        }
        return null;
    }

    /** The release a pre-release leads to ({@code 2.0.2-up.3} -> {@code 2.0.2}), to tell "skipped as pre-release". */
    private static PackVersion released(PackVersion version) {
        var semver = version.semver().withClearedPreReleaseAndBuild();
        return new PackVersion(semver.getVersion(), semver);
    }

    /** The pack's cloud types, lower case; the legacy single {@code cloudType} when the list is empty. */
    static List<String> cloudTypes(PackMetadata metadata) {
        List<String> clouds = metadata.cloudTypes().isEmpty() ? metadata.cloudType().stream().toList()
                : metadata.cloudTypes();
        return clouds.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty()).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Why a layer has no candidate at all: the one problem to show for it. */
    static Problem emptyProblem(Slot slot) {
        PackLayer layer = slot.pack();
        String name = layer.name();
        String field = slot.field();
        if (slot.offered.isEmpty()) {
            return Errors.at(field, "pack.unknown", "pack '" + name + "' is not in the catalog",
                    "check the name: it is pack.json's name (argo-cd, not the folder argocd-3.26.7); or publish the pack");
        }
        List<Rejection> rejections = slot.rejections;
        if (rejections.stream().allMatch(r -> r.reason() == Reason.REGISTRY)) {
            Set<String> registries = new TreeSet<>();
            slot.offered.forEach(c -> registries.add(c.registry().orElse("(no registry)")));
            return Errors.at(field + ".registry", "pack.registry", "pack '" + name + "' is not in registry '"
                    + layer.registry().orElse("") + "'; it is in " + String.join(", ", registries),
                    "drop registry: or name one of those registries");
        }
        List<Rejection> relevant = rejections.stream().filter(r -> r.reason() != Reason.REGISTRY).toList();
        List<Rejection> matching = relevant.stream()
                .filter(r -> r.reason() != Reason.REFERENCE && r.reason() != Reason.PRERELEASE).toList();
        if (matching.isEmpty()) {
            String available = versions(relevant.stream().filter(r -> r.reason() == Reason.REFERENCE).toList());
            List<Rejection> prereleases = relevant.stream().filter(r -> r.reason() == Reason.PRERELEASE).toList();
            String message = "no version of " + name + " matches " + layer.reference().describe();
            if (!available.isEmpty()) {
                message += "; available: " + available;
            }
            String fix = "use a reference that names one of the available versions";
            if (!prereleases.isEmpty()) {
                message += (available.isEmpty() ? "; " : "; and ") + versions(prereleases)
                        + (prereleases.size() == 1 ? " is a pre-release" : " are pre-releases")
                        + ", which trains, ranges and latest skip";
                fix = "pin the pre-release exactly (e.g. " + prereleases.get(0).option().version.text()
                        + ") or use a released version";
            }
            return Errors.at(field + ".version", "reference.no-match", message, fix);
        }
        Rejection top = matching.get(0);
        String message = "no version of " + name + " (" + layer.reference().describe() + ") can be used: "
                + matching.stream().limit(5).map(r -> r.option().label() + " " + r.message())
                        .collect(Collectors.joining("; "))
                + (matching.size() > 5 ? "; and " + (matching.size() - 5) + " older" : "");
        return Errors.at(field, "layer.no-candidate", message, fix(top));
    }

    private static String fix(Rejection rejection) {
        return switch (rejection.reason()) {
            case STATE -> "pin a version that is still published, or choose another pack";
            case LAYER -> "put the pack in a " + rejection.option().candidate.pack().metadata().layer().id()
                    + " layer, or drop layer: from this one";
            case CLOUD -> "use a pack for this cloud, or set the profile's cloudType to one the pack supports";
            case REQUIRED_MISSING -> "add the pack it needs to the profile";
            case UPGRADE -> "upgrade in steps through a version the constraint allows, or resolve without the previous lock";
            case UNREADABLE -> "republish the pack with readable bounds";
            default -> "change the layer's reference";
        };
    }

    private static String versions(List<Rejection> rejections) {
        List<String> versions = rejections.stream().map(r -> r.option().version.text()).distinct().toList();
        if (versions.size() <= 8) {
            return String.join(", ", versions);
        }
        return String.join(", ", versions.subList(0, 8)) + " and " + (versions.size() - 8) + " older";
    }
}
