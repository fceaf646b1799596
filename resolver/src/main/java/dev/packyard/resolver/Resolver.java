package dev.packyard.resolver;

import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.profile.Profile;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a cluster profile into a {@link Lock}: for every layer the newest candidate that keeps every constraint true
 * across the whole profile, then the merged values checked against each pack's schema, in install order.
 *
 * <p>Constraints: each layer's version reference; lifecycle (deprecated picked with a warning, disabled only when
 * pinned exactly, deleted never); cloud type; the layer rules; every pack's {@code required}, {@code optional} and
 * {@code notSupported} dependencies on the other layers; and, given a previous lock, each pack's {@code upgrade}
 * constraint on the version it would move from. When the newest versions conflict, older ones are searched, layers in
 * profile order and newest first, so the result is deterministic: the first layer as new as possible, then the
 * second, and so on. Failures are {@link ResolutionException}s that name the layer, the constraint and the versions
 * tried.
 *
 * <p>Stateless and thread-safe; the {@link PackSource} is asked once per pack name and call.
 */
public final class Resolver {

    /** The default bound on candidates tried before giving up. */
    public static final long DEFAULT_MAX_STEPS = 1_000_000;

    private final long maxSteps;

    /** A resolver that tries at most {@link #DEFAULT_MAX_STEPS} candidates. */
    public Resolver() {
        this(DEFAULT_MAX_STEPS);
    }

    /** A resolver that gives up after trying {@code maxSteps} candidates. */
    public Resolver(long maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1");
        }
        this.maxSteps = maxSteps;
    }

    /** Resolves with each variable at its default value. */
    public Lock resolve(Profile profile, PackSource source) throws ResolutionException {
        return resolve(profile, source, Map.of());
    }

    /**
     * Resolves with the given variable values (by variable name; variables not given take their default).
     *
     * @throws ResolutionException when the profile cannot be resolved, with every reason found
     */
    public Lock resolve(Profile profile, PackSource source, Map<String, String> variables) throws ResolutionException {
        return run(profile, source, variables, Optional.empty()).lock();
    }

    /** {@link #update(Profile, PackSource, Lock, Map)} with each variable at its default value. */
    public Resolution update(Profile profile, PackSource source, Lock previous) throws ResolutionException {
        return update(profile, source, previous, Map.of());
    }

    /**
     * Resolves again after a previous lock: each layer moves to the newest version its reference allows (a pinned
     * layer stays), provided the pack's {@code upgrade} constraint allows the move from the locked version; the result
     * lists every layer that was added, removed, moved or changed, and why.
     */
    public Resolution update(Profile profile, PackSource source, Lock previous, Map<String, String> variables)
            throws ResolutionException {
        return run(profile, source, variables, Optional.of(Objects.requireNonNull(previous, "previous")));
    }

    private Resolution run(Profile profile, PackSource source, Map<String, String> variables, Optional<Lock> previous)
            throws ResolutionException {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(variables, "variables");
        return new Run(profile, source, Map.copyOf(variables), previous, maxSteps).execute();
    }
}
