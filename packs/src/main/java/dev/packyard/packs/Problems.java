package dev.packyard.packs;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a pack is checked; checks add to it and go on, so every problem is reported at once. */
final class Problems {

    private final List<Problem> problems = new ArrayList<>();

    void error(String file, String field, String rule, String message, String fix) {
        problems.add(new Problem(Severity.ERROR, file, field, rule, message, fix));
    }

    void warning(String file, String field, String rule, String message, String fix) {
        problems.add(new Problem(Severity.WARNING, file, field, rule, message, fix));
    }

    /** The number of errors so far, so a check can tell whether its own part added any. */
    int errorCount() {
        return (int) problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
    }

    ValidationReport report() {
        return new ValidationReport(problems);
    }
}
