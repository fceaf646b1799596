package dev.packyard.registry.http;

import java.util.List;
import java.util.Map;

/** A refusal by a {@code /v1} JSON API: status, a stable code, and a message that says what to do. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Map<String, Object>> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    /** @param details one entry per problem, each with at least a {@code message}; sent as the {@code errors} list */
    public ApiException(int status, String code, String message, List<Map<String, Object>> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    /** The {@code errors} list of the response: every problem, or this one message. */
    public List<Map<String, Object>> errors() {
        if (details.isEmpty()) {
            return List.of(Map.of("code", code, "message", getMessage()));
        }
        return details.stream().map(detail -> {
            Map<String, Object> error = new java.util.LinkedHashMap<>();
            error.put("code", code);
            error.putAll(detail);
            return error;
        }).toList();
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "INVALID_REQUEST", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
