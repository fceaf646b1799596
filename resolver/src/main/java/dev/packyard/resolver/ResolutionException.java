package dev.packyard.resolver;

import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile, lock or catalog the resolver cannot turn into a lock, with every reason found. Each {@link Problem}
 * names where ({@code file}: {@code profile} or {@code lock}; {@code field}: a path such as {@code layers[3].version}),
 * the broken rule, what is wrong and how to fix it; the HTTP layer maps them to {@code 422 {"errors":[...]}} and the
 * CLI prints {@link #getMessage()}.
 */
public final class ResolutionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ResolutionException(List<Problem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a resolution failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** One error. */
    public static ResolutionException of(String file, String field, String rule, String message, String fix) {
        return new ResolutionException(List.of(new Problem(Severity.ERROR, file, field, rule, message, fix)));
    }

    /** Every problem, in the order found (profile order for layers). */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        return problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
