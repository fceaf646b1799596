package dev.packyard.resolver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.packyard.packs.Layer;
import dev.packyard.packs.PackState;
import dev.packyard.packs.PackVersion;
import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import dev.packyard.resolver.lock.LockedManifest;
import dev.packyard.resolver.lock.LockedProfile;
import dev.packyard.resolver.profile.ManifestLayer;
import dev.packyard.resolver.profile.PackLayer;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileLayer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** One resolution, start to end: shape, candidates, search, values, lock. Not reused. */
final class Run {

    /** Constraint checks allowed per combination, on average: bounds the work of pruning as steps bound the search. */
    static final long CHECKS_PER_STEP = 100;

    private final Profile profile;
    private final PackSource source;
    private final Map<String, String> given;
    private final Optional<Lock> previous;
    private final long maxSteps;
    private final List<Problem> problems = new ArrayList<>();
    private List<Slot> packSlots = List.of();

    Run(Profile profile, PackSource source, Map<String, String> given, Optional<Lock> previous, long maxSteps) {
        this.profile = profile;
        this.source = source;
        this.given = given;
        this.previous = previous;
        this.maxSteps = maxSteps;
    }

    Resolution execute() throws ResolutionException {
        Variables.Values variables = Variables.resolve(profile, given, problems);
        ParseCache cache = new ParseCache();
        List<Slot> slots = slots(cache);
        problems.addAll(LayerRules.check(profile, slots));
        packSlots = slots.stream().filter(Slot::isPack).toList();
        Set<String> packNames = new HashSet<>();
        packSlots.forEach(s -> packNames.add(s.name()));
        for (Slot slot : packSlots) {
            Domains.build(slot, profile.cloudType(), packNames, previous.flatMap(l -> l.layer(slot.key())), cache);
            if (slot.domain.isEmpty()) {
                problems.add(Domains.emptyProblem(slot));
            }
        }
        failOnErrors();
        search();
        List<Locked> locked = new ArrayList<>();
        for (Slot slot : slots) {
            Optional<ValuesBuilder.Built> built = slot.isPack()
                    ? ValuesBuilder.pack(slot, slot.chosen.candidate.pack(), variables, problems)
                    : ValuesBuilder.manifest(slot, variables, problems);
            built.ifPresent(b -> locked.add(new Locked(slot, b)));
        }
        failOnErrors();
        Lock lock = lock(locked);
        List<Change> changes = previous.map(p -> Changes.between(p, lock, slots)).orElse(List.of());
        return new Resolution(lock, changes);
    }

    /** One slot per layer, with its candidates, kind, value overrides and display name. */
    private List<Slot> slots(ParseCache cache) {
        List<Slot> slots = new ArrayList<>();
        List<ProfileLayer> layers = profile.layers();
        for (int i = 0; i < layers.size(); i++) {
            ProfileLayer layer = layers.get(i);
            Slot slot = new Slot(i, layer);
            YamlText.Parsed overrides = YamlText.parse(layer.values());
            if (!overrides.ok()) {
                problems.add(Errors.at(slot.field() + ".values", "values.syntax", layer.name() + ": the values are "
                        + "not valid YAML: " + overrides.error(), "correct the YAML of the layer's values"));
                slot.overrides = JsonNodeFactory.instance.objectNode();
            } else if (!overrides.tree().isObject()) {
                problems.add(Errors.at(slot.field() + ".values", "values.type", layer.name() + ": the values are "
                        + "not a mapping", "write the values as keys, e.g. charts: or manifests:"));
                slot.overrides = JsonNodeFactory.instance.objectNode();
            } else {
                slot.overrides = overrides.tree();
            }
            slot.displayName = layer.displayName().or(() -> ValuesBuilder.displayName(slot.overrides));
            Variables.checkDeclared(slot, profile, problems);
            if (layer instanceof PackLayer) {
                List<PackCandidate> offered = source.candidates(layer.name());
                slot.offered = offered == null ? List.of() : List.copyOf(offered);
                slot.kind = layer.layer().or(() -> newest(slot.offered, cache).map(c -> c.pack().metadata().layer()));
            } else {
                slot.kind = Optional.of(layer.layer().orElse(Layer.ADDON));
            }
            slots.add(slot);
        }
        return slots;
    }

    /** The newest readable candidate, whose layer kind stands for the pack's when the profile declares none. */
    private static Optional<PackCandidate> newest(List<PackCandidate> candidates, ParseCache cache) {
        PackCandidate newest = null;
        PackVersion newestVersion = null;
        for (PackCandidate candidate : candidates) {
            Optional<PackVersion> version = cache.version(candidate.pack().metadata().version());
            if (version.isPresent() && (newestVersion == null || version.get().compareTo(newestVersion) > 0)) {
                newest = candidate;
                newestVersion = version.get();
            }
        }
        return Optional.ofNullable(newest);
    }

    /** Chooses a candidate for every pack layer, or explains why none can be chosen. */
    private void search() throws ResolutionException {
        int n = packSlots.size();
        boolean[][] related = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                related[i][j] = i != j && Compatibility.related(packSlots.get(i), packSlots.get(j));
            }
        }
        long maxChecks = maxSteps > Long.MAX_VALUE / CHECKS_PER_STEP ? Long.MAX_VALUE : maxSteps * CHECKS_PER_STEP;
        Consistency consistency = new Consistency(packSlots, related, maxChecks);
        if (!consistency.run()) {
            throw new ResolutionException(List.of(Explanations.fromConsistency(consistency)));
        }
        List<List<Option>> domains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            domains.add(consistency.remaining(i));
        }
        Search search = new Search(domains, related, maxSteps, maxChecks);
        Optional<List<Option>> solution;
        try {
            solution = search.run();
        } catch (Search.GaveUp e) {
            throw new ResolutionException(List.of(Explanations.gaveUp(e.steps, packSlots)));
        }
        if (solution.isEmpty()) {
            throw new ResolutionException(List.of(Explanations.fromSearch(search.firstWipe, packSlots)));
        }
        for (int i = 0; i < n; i++) {
            packSlots.get(i).chosen = solution.get().get(i);
        }
    }

    private record Locked(Slot slot, ValuesBuilder.Built values) {
    }

    /** The lock: infrastructure layers first in layer order, then add-ons by install priority, then profile order. */
    private Lock lock(List<Locked> locked) {
        List<Locked> ordered = new ArrayList<>(locked);
        ordered.sort(Comparator.<Locked>comparingInt(l -> l.slot().kind.orElse(Layer.ADDON) == Layer.ADDON ? 1 : 0)
                .thenComparingInt(l -> l.slot().kind.orElse(Layer.ADDON) == Layer.ADDON ? l.values().priority()
                        : l.slot().kind.get().ordinal())
                .thenComparingInt(l -> l.slot().index));
        List<LockedLayer> layers = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            layers.add(layer(i + 1, ordered.get(i)));
        }
        LockedProfile lockedProfile = new LockedProfile(profile.name(), profile.version(), profile.type().id(),
                profile.cloudType());
        return new Lock(Lock.FORMAT_VERSION, lockedProfile, layers);
    }

    private LockedLayer layer(int order, Locked locked) {
        Slot slot = locked.slot();
        ValuesBuilder.Built values = locked.values();
        Layer kind = slot.kind.orElse(Layer.ADDON);
        OptionalInt priority = kind == Layer.ADDON ? OptionalInt.of(values.priority()) : OptionalInt.empty();
        String valuesDigest = YamlText.sha256(values.text());
        if (slot.layer instanceof ManifestLayer manifest) {
            return new LockedLayer(order, slot.name(), slot.displayName, kind, "manifest",
                    manifest.version().orElse("1.0.0"), Optional.empty(), Optional.empty(), Optional.empty(),
                    manifestDigest(values.manifests()), priority, List.of(), values.text(), valuesDigest,
                    values.manifests(), List.of());
        }
        Option chosen = slot.chosen;
        PackCandidate candidate = chosen.candidate;
        return new LockedLayer(order, slot.name(), slot.displayName, kind, slot.pack().type(), chosen.version.text(),
                Optional.of(slot.pack().reference().text()), candidate.registry(), candidate.repository(),
                candidate.digest(), priority, values.presets(), values.text(), valuesDigest, List.of(),
                warnings(slot));
    }

    private static String manifestDigest(List<LockedManifest> manifests) {
        StringBuilder canonical = new StringBuilder();
        for (LockedManifest m : manifests) {
            canonical.append(m.name().length()).append(':').append(m.name())
                    .append(m.content().length()).append(':').append(m.content());
        }
        return YamlText.sha256(canonical.toString());
    }

    /** What the user should know about the pick: lifecycle state, and why a newer version was not taken. */
    private List<String> warnings(Slot slot) {
        List<String> warnings = new ArrayList<>();
        Option chosen = slot.chosen;
        if (chosen.candidate.state() == PackState.DEPRECATED) {
            warnings.add(chosen.label() + " is deprecated; plan a move to a supported version");
        } else if (chosen.candidate.state() == PackState.DISABLED) {
            warnings.add(chosen.label() + " is disabled: it is used because the profile pins it, but it is going away");
        }
        Option newest = slot.domain.get(0);
        if (!newest.version.samePrecedence(chosen.version)) {
            findConflict(newest).ifPresent(conflict -> warnings.add("newer " + newest.label() + " is not used: "
                    + conflict.describe() + ", and " + (conflict.owner() == newest ? conflict.other() : conflict.owner())
                    .label() + " is in the lock"));
        }
        return warnings;
    }

    /** The first constraint an option breaks with what the other layers got. */
    private Optional<Compatibility.Conflict> findConflict(Option option) {
        for (Slot other : packSlots) {
            if (other != option.slot && other.chosen != null) {
                Compatibility.Conflict conflict = Compatibility.conflict(option, other.chosen);
                if (conflict != null) {
                    return Optional.of(conflict);
                }
            }
        }
        return Optional.empty();
    }

    private void failOnErrors() throws ResolutionException {
        List<Problem> errors = problems.stream().filter(p -> p.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new ResolutionException(errors);
        }
    }
}
