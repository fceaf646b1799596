package dev.packyard.resolver;

import dev.packyard.packs.PackVersion;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What moved between a previous lock and a new one, layer by layer, with the reason for each move. */
final class Changes {

    private Changes() {
    }

    static List<Change> between(Lock before, Lock after, List<Slot> slots) {
        Map<String, Slot> slotByKey = new HashMap<>();
        slots.forEach(s -> slotByKey.put(s.key(), s));
        List<Change> changes = new ArrayList<>();
        for (LockedLayer now : after.layers()) {
            Optional<LockedLayer> was = before.layer(now.key());
            if (was.isEmpty()) {
                changes.add(new Change(now.key(), Change.Kind.ADDED, Optional.empty(), Optional.of(now.version()),
                        "new layer in the profile"));
                continue;
            }
            LockedLayer old = was.get();
            int order = compare(old.version(), now.version());
            if (order != 0) {
                changes.add(new Change(now.key(), order < 0 ? Change.Kind.UPGRADED : Change.Kind.DOWNGRADED,
                        Optional.of(old.version()), Optional.of(now.version()), whyMoved(old, now, order,
                                slotByKey.get(now.key()))));
            } else if (!old.digest().equals(now.digest())) {
                changes.add(new Change(now.key(), Change.Kind.CHANGED, Optional.of(old.version()),
                        Optional.of(now.version()), now.type().equals("manifest") ? "the manifests changed"
                                : "same version with other content: the digest moved from " + old.digest() + " to "
                                        + now.digest()));
            } else if (!old.valuesDigest().equals(now.valuesDigest())) {
                changes.add(new Change(now.key(), Change.Kind.CHANGED, Optional.of(old.version()),
                        Optional.of(now.version()), "the merged values changed (profile values, presets or variables)"));
            }
        }
        for (LockedLayer old : before.layers()) {
            if (after.layer(old.key()).isEmpty()) {
                changes.add(new Change(old.key(), Change.Kind.REMOVED, Optional.of(old.version()), Optional.empty(),
                        "no longer in the profile"));
            }
        }
        return changes;
    }

    private static String whyMoved(LockedLayer old, LockedLayer now, int order, Slot slot) {
        if (old.reference().isPresent() && now.reference().isPresent()
                && !old.reference().get().equals(now.reference().get())) {
            return "the reference changed from " + old.reference().get() + " to " + now.reference().get();
        }
        if (slot == null || !slot.isPack()) {
            return "the profile changed";
        }
        Optional<PackVersion> oldVersion = PackVersion.parse(old.version());
        for (Rejection rejection : slot.rejections) {
            if (oldVersion.isPresent() && rejection.option().version.samePrecedence(oldVersion.get())) {
                return old.version() + " " + rejection.message();
            }
        }
        boolean offered = oldVersion.isPresent() && slot.offered.stream().anyMatch(c ->
                PackVersion.parse(c.pack().metadata().version()).map(v -> v.samePrecedence(oldVersion.get())).orElse(false));
        if (!offered) {
            return old.version() + " is no longer in the catalog";
        }
        if (order < 0) {
            return "newest version that " + slot.pack().reference().describe() + " allows and every constraint accepts";
        }
        return "keeping " + old.version() + " conflicts with the other layers";
    }

    private static int compare(String a, String b) {
        Optional<PackVersion> va = PackVersion.parse(a);
        Optional<PackVersion> vb = PackVersion.parse(b);
        if (va.isPresent() && vb.isPresent()) {
            return va.get().semver().compareTo(vb.get().semver());
        }
        return a.compareTo(b);
    }
}
