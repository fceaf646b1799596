package dev.packyard.registry.fips;

import dev.packyard.registry.http.JsonApi;
import dev.packyard.signing.FipsProviders;
import dev.packyard.signing.FipsStatus;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/fips}: whether the server runs in FIPS mode, and the cryptographic module it relies on. Outside FIPS
 * mode the first call starts the module (a few seconds) to report its version and self-test.
 */
public final class FipsApi implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/fips", JsonApi.handler(this::status));
    }

    private void status(ServerRequest request, ServerResponse response) {
        FipsStatus status = FipsProviders.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", status.enabled());
        body.put("approvedOnly", status.approvedOnly());
        body.put("module", status.module());
        body.put("moduleVersion", status.moduleVersion());
        body.put("certificate", status.certificate());
        body.put("selfTest", status.selfTest());
        JsonApi.send(response, 200, body);
    }
}
