package dev.packyard.registry.oci;

/**
 * A request the registry refuses, carrying the spec's error code, the HTTP status (normally the code's own)
 * and a message that names what was wrong and how to fix it.
 */
public final class OciException extends RuntimeException {

    private final ErrorCode code;
    private final int status;

    public OciException(ErrorCode code, String message) {
        this(code, code.status(), message);
    }

    public OciException(ErrorCode code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }
}
