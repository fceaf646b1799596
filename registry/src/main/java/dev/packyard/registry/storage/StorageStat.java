package dev.packyard.registry.storage;

import java.time.Instant;

/** What a driver knows about a stored path: size in bytes (0 for a prefix), last change, and whether it is a prefix. */
public record StorageStat(long size, Instant modified, boolean isPrefix) {
}
