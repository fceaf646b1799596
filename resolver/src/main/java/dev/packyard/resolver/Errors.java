package dev.packyard.resolver;

import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;

/** Problems found while resolving, all about the profile: its layers, values and variables. */
final class Errors {

    private Errors() {
    }

    /** An error at a profile field such as {@code layers[3].values}. */
    static Problem at(String field, String rule, String message, String fix) {
        return new Problem(Severity.ERROR, "profile", field, rule, message, fix);
    }
}
