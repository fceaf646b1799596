package dev.packyard.registry.oci.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.OciException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON bodies and the spec's error format. */
final class Responses {

    static final HeaderName DOCKER_CONTENT_DIGEST = HeaderNames.create("Docker-Content-Digest");
    static final HeaderName DOCKER_UPLOAD_UUID = HeaderNames.create("Docker-Upload-UUID");
    static final HeaderName OCI_SUBJECT = HeaderNames.create("OCI-Subject");
    static final HeaderName OCI_TAG = HeaderNames.create("OCI-Tag");
    static final HeaderName OCI_FILTERS_APPLIED = HeaderNames.create("OCI-Filters-Applied");
    static final HeaderName RANGE = HeaderNames.create("Range");
    static final HeaderName CONTENT_RANGE = HeaderNames.create("Content-Range");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static ObjectMapper json() {
        return JSON;
    }

    static void json(ServerResponse response, int status, Object body, String contentType, boolean head) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not serialize a response", e);
        }
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        if (head) {
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(bytes.length));
            response.send();
        } else {
            response.send(bytes);
        }
    }

    /** {@code {"errors":[{"code","message","detail"}]}}; a HEAD response carries the status only. */
    static void error(ServerResponse response, OciException e, boolean head) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        if (e.detail().isPresent()) {
            error.set("detail", JSON.valueToTree(e.detail().get()));
        } else {
            error.putObject("detail");
        }
        if (head) {
            response.status(Status.create(e.status()));
            response.send();
        } else {
            json(response, e.status(), body, "application/json", false);
        }
    }

    /** A response with no content. */
    static void empty(ServerResponse response, int status) {
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }
}
