package dev.packyard.resolver.lock;

import java.util.Objects;

/** The profile a lock was resolved from. {@code type} is {@code infra}, {@code add-on} or {@code full}. */
public record LockedProfile(String name, String version, String type, String cloudType) {

    public LockedProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cloudType, "cloudType");
    }
}
