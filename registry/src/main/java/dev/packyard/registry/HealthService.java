package dev.packyard.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StoragePath;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;

/**
 * {@code GET /health}: 200 {@code {"status":"UP",...}} while the server accepts requests and its storage answers,
 * 503 {@code DOWN} with the reason otherwise. Serves both liveness and readiness probes.
 */
final class HealthService implements HttpService {

    private static final StoragePath PROBE = StoragePath.of("repositories");

    private final StorageDriver storage;
    private final ObjectMapper json = new ObjectMapper();

    HealthService(StorageDriver storage) {
        this.storage = storage;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health).head("/health", this::health);
    }

    private void health(ServerRequest request, ServerResponse response) throws Exception {
        ObjectNode body = json.createObjectNode();
        Status status = Status.OK_200;
        try {
            storage.stat(PROBE);
            body.put("status", "UP");
        } catch (IOException e) {
            status = Status.SERVICE_UNAVAILABLE_503;
            body.put("status", "DOWN");
            body.put("reason", "storage does not answer: " + e.getMessage());
        }
        body.put("version", Version.current());
        body.put("storage", storage.name());
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(json.writeValueAsBytes(body));
    }
}
