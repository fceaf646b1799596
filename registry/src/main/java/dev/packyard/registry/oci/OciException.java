package dev.packyard.registry.oci;

/**
 * A request the registry refuses, carrying the spec's error code, the HTTP status (normally the code's own)
 * and a message that names what was wrong and how to fix it.
 */
public final class OciException extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final Object detail;

    public OciException(ErrorCode code, String message) {
        this(code, code.status(), message);
    }

    public OciException(ErrorCode code, int status, String message) {
        this(code, status, message, null);
    }

    /** @param detail the spec's free-form {@code detail}, serialized as JSON (e.g. every problem of a refused pack) */
    public OciException(ErrorCode code, int status, String message, Object detail) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public java.util.Optional<Object> detail() {
        return java.util.Optional.ofNullable(detail);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }
}
