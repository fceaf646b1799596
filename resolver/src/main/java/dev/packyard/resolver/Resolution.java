package dev.packyard.resolver;

import dev.packyard.resolver.lock.Lock;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Resolver} produced: the lock, and when a previous lock was given, what moved since.
 *
 * @param changes one entry per layer added, removed, moved to another version or given other values or content;
 *                empty without a previous lock
 */
public record Resolution(Lock lock, List<Change> changes) {

    public Resolution {
        Objects.requireNonNull(lock, "lock");
        changes = List.copyOf(changes);
    }
}
