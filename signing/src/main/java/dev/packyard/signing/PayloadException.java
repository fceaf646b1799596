package dev.packyard.signing;

import java.util.Objects;

/** A simple-signing payload that is not well formed, or does not claim what it must. */
public final class PayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the payload. */
    public enum Problem {
        /** Not JSON, or JSON without the simple-signing structure. */
        MALFORMED,
        /** {@code critical.type} is not {@value SimpleSigningPayload#TYPE}. */
        WRONG_TYPE,
        /** {@code critical.image.docker-manifest-digest} is missing or names another manifest. */
        DIGEST_MISMATCH
    }

    private final Problem problem;

    public PayloadException(Problem problem, String message) {
        this(problem, message, null);
    }

    public PayloadException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
