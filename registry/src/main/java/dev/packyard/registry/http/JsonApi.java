package dev.packyard.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared plumbing of the {@code /v1} JSON APIs: JSON bodies, the error format
 * {@code {"errors":[{"code","message"}]}}, and query parameters checked with a message naming the parameter.
 */
public final class JsonApi {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JsonApi.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonApi() {
    }

    /** A handler that answers {@link ApiException} in the error format and anything unexpected with a logged 500. */
    public static io.helidon.webserver.http.Handler handler(ThrowingHandler handler) {
        return (request, response) -> {
            try {
                handler.handle(request, response);
            } catch (ApiException e) {
                error(response, e);
            } catch (Exception e) {
                LOG.log(java.util.logging.Level.SEVERE, request.prologue().method().text() + " "
                        + request.path().absolute().rawPath() + " failed", e);
                if (!response.isSent()) {
                    error(response, new ApiException(500, "INTERNAL", "the registry failed to handle the request; "
                            + "see the server log"));
                }
            }
        };
    }

    /** A request handler that may throw. */
    @FunctionalInterface
    public interface ThrowingHandler {
        void handle(ServerRequest request, ServerResponse response) throws Exception;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static void send(ServerResponse response, int status, Object body) {
        try {
            response.status(Status.create(status));
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not serialize a response", e);
        }
    }

    public static void error(ServerResponse response, ApiException e) {
        send(response, e.status(), Map.of("errors", e.errors()));
    }

    public static Optional<String> query(ServerRequest request, String name) {
        return request.query().contains(name) ? Optional.of(request.query().get(name)) : Optional.empty();
    }

    /** A whole-number query parameter within bounds, or its default. */
    public static int intQuery(ServerRequest request, String name, int defaultValue, int min, int max) {
        Optional<String> text = query(request, name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + "=" + text.get() + " is not a whole number from " + min + " to " + max);
    }
}
