package dev.packyard.registry.helm;

import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import dev.packyard.registry.oci.OciException;
import io.helidon.webserver.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Errors of the Helm endpoints in ChartMuseum's shape, {@code {"error": "..."}}, which Helm plugins and CI scripts
 * written for ChartMuseum print; a {@code code} is added for scripts that want to branch on it.
 */
final class ChartResponses {

    private static final Logger LOG = Logger.getLogger(ChartResponses.class.getName());

    private ChartResponses() {
    }

    static Handler handler(JsonApi.ThrowingHandler handler) {
        return (request, response) -> {
            try {
                handler.handle(request, response);
            } catch (ApiException e) {
                error(response, e.status(), e.code(), e.getMessage());
            } catch (OciException e) {
                // A refusal by the registry's own checks (a guard), met by an upload or delete through this API.
                error(response, e.status(), e.code().name(), e.getMessage());
            } catch (Exception e) {
                LOG.log(Level.SEVERE, request.prologue().method().text() + " " + request.path().absolute().rawPath()
                        + " failed", e);
                if (!response.isSent()) {
                    error(response, 500, "INTERNAL", "the registry failed to handle the request; see the server log");
                }
            }
        };
    }

    static void error(io.helidon.webserver.http.ServerResponse response, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        JsonApi.send(response, status, body);
    }
}
