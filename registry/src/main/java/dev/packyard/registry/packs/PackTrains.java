package dev.packyard.registry.packs;

import dev.packyard.packs.PackVersion;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Train tags, as Palette's parent tags: {@code <major>.x} and {@code <major>.<minor>.x}, each pointing at the highest
 * released (not pre-release) version of its train.
 */
public final class PackTrains {

    private static final Pattern TRAIN_TAG = Pattern.compile("\\d+\\.x|\\d+\\.\\d+\\.x");

    private PackTrains() {
    }

    public static boolean isTrainTag(String tag) {
        return TRAIN_TAG.matcher(tag).matches();
    }

    /**
     * The train tags the given versions call for, each mapped to the version it points at.
     *
     * @param released versions eligible for trains (callers leave out deleted ones)
     */
    public static Map<String, PackVersion> trains(Collection<PackVersion> released) {
        Map<String, PackVersion> trains = new TreeMap<>();
        for (PackVersion version : released) {
            if (version.isPrerelease()) {
                continue;
            }
            trains.merge(version.major() + ".x", version, PackTrains::higher);
            trains.merge(version.major() + "." + version.minor() + ".x", version, PackTrains::higher);
        }
        return trains;
    }

    private static PackVersion higher(PackVersion a, PackVersion b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
