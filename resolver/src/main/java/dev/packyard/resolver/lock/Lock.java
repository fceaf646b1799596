package dev.packyard.resolver.lock;

import dev.packyard.resolver.ResolutionException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved profile: every layer with its concrete version, digest, merged values and install order. The same
 * profile and catalog always give the same lock, byte for byte ({@link #toJson()}, {@link #toYaml()}): fields in a
 * fixed order, map keys sorted, no timestamps.
 *
 * @param lockVersion the lock format's version, {@value #FORMAT_VERSION} for this one
 * @param profile     the profile resolved
 * @param layers      every layer, in install order
 */
public record Lock(int lockVersion, LockedProfile profile, List<LockedLayer> layers) {

    /** The lock format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public Lock {
        Objects.requireNonNull(profile, "profile");
        layers = List.copyOf(layers);
    }

    /** The lock as pretty-printed JSON with {@code \n} line ends and a final newline. */
    public String toJson() {
        return LockCodec.toJson(this);
    }

    /** The lock as YAML (values as literal blocks), for people to read and diff. */
    public String toYaml() {
        return LockCodec.toYaml(this);
    }

    /**
     * Reads a lock written by {@link #toJson()} or {@link #toYaml()}.
     *
     * @throws ResolutionException naming each field that is missing or malformed
     */
    public static Lock parse(String text) throws ResolutionException {
        return LockCodec.parse(text);
    }

    /** The layer with that {@link LockedLayer#key() key}, if any. */
    public Optional<LockedLayer> layer(String key) {
        return layers.stream().filter(l -> l.key().equals(key)).findFirst();
    }
}
