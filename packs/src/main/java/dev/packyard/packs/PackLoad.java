package dev.packyard.packs;

import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link PackValidator#load}: the report always, the pack only when the report has no error. */
public record PackLoad(ValidationReport report, Optional<Pack> pack) {

    public PackLoad {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(pack, "pack");
        if (pack.isPresent() != report.valid()) {
            throw new IllegalArgumentException("a pack is present exactly when the report has no error");
        }
    }
}
