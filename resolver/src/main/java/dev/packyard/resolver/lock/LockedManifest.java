package dev.packyard.resolver.lock;

import java.util.Objects;

/** One manifest of an inline manifest layer, with variables substituted. */
public record LockedManifest(String name, String content) {

    public LockedManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
