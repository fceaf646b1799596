package dev.packyard.packs;

import java.util.Objects;
import java.util.Optional;

/**
 * A component of a resource constraint: where its request and replica count live in values, and which nodes it runs on.
 *
 * @param scheduleType            {@code all}, {@code master} or {@code worker}
 * @param resourceRequestParamRef dotted values path of the component's resource request
 * @param replicaCountParamRef    dotted values path of its replica count
 */
public record ResourceComponent(String scheduleType, Optional<String> resourceRequestParamRef,
        Optional<String> replicaCountParamRef) {

    public ResourceComponent {
        Objects.requireNonNull(scheduleType, "scheduleType");
        Objects.requireNonNull(resourceRequestParamRef, "resourceRequestParamRef");
        Objects.requireNonNull(replicaCountParamRef, "replicaCountParamRef");
    }
}
