package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One HTTP exchange with the registry, with the assertions the conformance tests make on it. */
record Response(String method, URI uri, int status, HttpHeaders headers, byte[] body) {

    /** The error codes of distribution-spec v1.1 (code-1 .. code-14), plus the two legacy Docker codes. */
    static final Set<String> SPEC_ERROR_CODES = Set.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN",
            "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID",
            "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS",
            "TAG_INVALID", "MANIFEST_UNVERIFIED");

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    List<String> headerValues(String name) {
        return headers.allValues(name);
    }

    /** The header's value; fails when it is missing or empty. */
    String requireHeader(String name) {
        String value = header(name).orElse("");
        assertFalse(value.isBlank(), () -> "missing " + name + " header: " + describe());
        return value;
    }

    /** The {@code Location} header; fails when missing. */
    String location() {
        return requireHeader("Location");
    }

    /** The path and query of the {@code Location} header (scheme and host dropped, as the Go suite does). */
    String locationPath() {
        URI location = URI.create(location());
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
        try {
            return Json.parse(body);
        } catch (UncheckedIOException e) {
            return fail("expected a JSON body: " + describe(), e);
        }
    }

    boolean isJson() {
        return header("Content-Type").map(type -> type.toLowerCase().startsWith("application/json")).orElse(false);
    }

    boolean is2xx() {
        return status >= 200 && status < 300;
    }

    /** Fails unless the status is one of {@code expected}. */
    Response expectStatus(int... expected) {
        if (Arrays.stream(expected).noneMatch(code -> code == status)) {
            fail("expected status " + Arrays.toString(expected) + " but got " + describe());
        }
        return this;
    }

    /** Fails unless the body is exactly {@code expected}. */
    Response expectBody(byte[] expected) {
        if (!Arrays.equals(expected, body)) {
            fail("body differs from the " + expected.length + " bytes expected: " + describe());
        }
        return this;
    }

    /** Fails unless the header is present with exactly {@code expected}. */
    Response expectHeader(String name, String expected) {
        assertEquals(expected, header(name).orElse(null), () -> name + " header of " + describe());
        return this;
    }

    /** Fails unless {@code Docker-Content-Digest} is present and equals {@code digest}. */
    Response expectDigestHeader(String digest) {
        return expectHeader("Docker-Content-Digest", digest);
    }

    /** Fails if {@code Docker-Content-Digest} is present with a value other than {@code digest}. */
    Response expectDigestHeaderIfPresent(String digest) {
        header("Docker-Content-Digest").ifPresent(value ->
                assertEquals(digest, value, () -> "Docker-Content-Digest of " + describe()));
        return this;
    }

    /** Fails unless the status is {@code expectedStatus} and the body is an OCI error body holding {@code code}. */
    Response expectError(int expectedStatus, String code) {
        expectStatus(expectedStatus);
        return expectErrorCode(code);
    }

    /**
     * Fails unless the body is {@code {"errors":[{"code","message",...}, ...]}} with every code from the spec's list,
     * a string message on every entry, and at least one entry whose code is one of {@code codes}.
     */
    Response expectErrorCode(String... codes) {
        List<String> found = errorCodes();
        Set<String> wanted = Set.of(codes);
        assertTrue(found.stream().anyMatch(wanted::contains),
                () -> "expected an error code in " + wanted + " but found " + found + ": " + describe());
        return this;
    }

    /** The codes of a well-formed OCI error body; fails when the body is not one. */
    List<String> errorCodes() {
        assertTrue(isJson(), () -> "error body must be application/json: " + describe());
        JsonNode errors = json().path("errors");
        assertTrue(errors.isArray() && !errors.isEmpty(), () -> "expected a non-empty \"errors\" array: " + describe());
        List<String> codes = new ArrayList<>();
        for (JsonNode error : errors) {
            JsonNode code = error.get("code");
            assertTrue(code != null && code.isTextual(), () -> "error without a string code: " + describe());
            assertTrue(SPEC_ERROR_CODES.contains(code.asText()),
                    () -> "error code " + code + " is not one of the spec's codes: " + describe());
            JsonNode message = error.get("message");
            assertTrue(message != null && message.isTextual(), () -> "error without a string message: " + describe());
            codes.add(code.asText());
        }
        return codes;
    }

    /** A one-paragraph account of the exchange for assertion messages. */
    String describe() {
        String headerText = headers.map().entrySet().stream()
                .filter(e -> !e.getKey().equals(":status"))
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        String text = bodyText();
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0xFFFD || c == '\n' || c == '\r' || c == '\t');
        String bodyPart = body.length == 0 ? "(no body)"
                : printable ? (text.length() > 600 ? text.substring(0, 600) + "..." : text)
                : "(" + body.length + " binary bytes)";
        return method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " -> " + status + " [" + headerText + "] " + bodyPart;
    }
}
