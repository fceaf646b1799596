package dev.packyard.packs;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a pack, in the order they were found (file by file). */
public record ValidationReport(List<Problem> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing is an ERROR; warnings do not make a pack invalid. */
    public boolean valid() {
        return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
    }

    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Severity.ERROR).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.severity() == Severity.WARNING).toList();
    }

    /** One line per problem (see {@link Problem#format()}), joined by newlines; empty when there are none. */
    public String format() {
        return problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
