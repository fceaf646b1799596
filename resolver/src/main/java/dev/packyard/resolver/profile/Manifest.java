package dev.packyard.resolver.profile;

import java.util.Objects;

/** One Kubernetes manifest of an inline manifest layer, as written in the profile. */
public record Manifest(String name, String content) {

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
