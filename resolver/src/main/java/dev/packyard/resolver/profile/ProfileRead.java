package dev.packyard.resolver.profile;

import dev.packyard.packs.ValidationReport;
import dev.packyard.resolver.ResolutionException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link ProfileReader#read}: every problem found (each with its field path), and the profile when
 * none of them is an error.
 */
public record ProfileRead(ValidationReport report, Optional<Profile> profile) {

    public ProfileRead {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(profile, "profile");
        if (profile.isPresent() != report.valid()) {
            throw new IllegalArgumentException("a profile is present exactly when the report has no error");
        }
    }

    /** The profile, or a {@link ResolutionException} carrying every error. */
    public Profile orElseThrow() throws ResolutionException {
        if (profile.isEmpty()) {
            throw new ResolutionException(report.errors());
        }
        return profile.get();
    }
}
