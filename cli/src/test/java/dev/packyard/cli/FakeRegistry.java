package dev.packyard.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory OCI registry on a loopback port, enough for the CLI's own tests (blobs, uploads, manifests,
 * tags, and canned {@code /v1} answers). The real server is tested end to end elsewhere; this only lets the CLI's
 * wiring run without it.
 */
final class FakeRegistry implements AutoCloseable {

    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([a-f0-9-]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    /** A canned answer. */
    record Answer(int status, String contentType, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request as it arrived. */
    record Request(String method, String path, String query, Optional<String> authorization) {
    }

    private final HttpServer server;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>(); // "repo@digest" -> bytes
    final Map<String, String> tags = new ConcurrentHashMap<>();      // "repo:tag" -> digest
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** Answers for other paths (the /v1 API), by path and query. */
    final Map<String, Answer> canned = new ConcurrentHashMap<>();
    /** When set, manifest PUTs are answered with this instead of being stored. */
    volatile Answer refuseManifests;
    /** When set, requests without this exact Authorization header get 401. */
    volatile String requiredAuthorization;

    private FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeRegistry start() throws IOException {
        return new FakeRegistry();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stores a pack as a pusher would: config and layer blobs, the manifest, its tag. */
    String put(String repository, String tag, byte[] manifest, Map<String, byte[]> blobsByDigest) {
        blobs.putAll(blobsByDigest);
        String digest = PackManifest.sha256(manifest);
        manifests.put(repository + "@" + digest, manifest);
        tags.put(repository + ":" + tag, digest);
        return digest;
    }

    List<Request> requests(String method) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            String path = uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            Optional<String> authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(method, path, query, authorization));
            byte[] body = exchange.getRequestBody().readAllBytes();

            if (requiredAuthorization != null && !authorization.equals(Optional.of(requiredAuthorization))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                send(exchange, Answer.json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"log in\"}]}"));
                return;
            }
            Answer cannedAnswer = canned.get(query.isEmpty() ? path : path + "?" + query);
            if (cannedAnswer != null) {
                send(exchange, cannedAnswer);
                return;
            }
            if (path.equals("/v2/")) {
                send(exchange, Answer.json(200, "{}"));
                return;
            }
            Matcher m;
            if ((m = UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                String digest = param(query, "digest");
                if (!PackManifest.sha256(body).equals(digest)) {
                    send(exchange, Answer.json(400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"x\"}]}"));
                    return;
                }
                blobs.put(digest, body);
                exchange.getResponseHeaders().set("Location", "/v2/" + m.group(1) + "/blobs/" + digest);
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                send(exchange, new Answer(201, null, new byte[0]));
                return;
            }
            if ((m = UPLOADS.matcher(path)).matches() && method.equals("POST")) {
                String digest = param(query, "digest");
                if (digest != null) {
                    blobs.put(digest, body);
                    exchange.getResponseHeaders().set("Location", "/v2/" + m.group(1) + "/blobs/" + digest);
                    send(exchange, new Answer(201, null, new byte[0]));
                } else {
                    exchange.getResponseHeaders().set("Location", "/v2/" + m.group(1) + "/blobs/uploads/" + UUID.randomUUID());
                    send(exchange, new Answer(202, null, new byte[0]));
                }
                return;
            }
            if ((m = BLOB.matcher(path)).matches()) {
                byte[] blob = blobs.get(m.group(2));
                if (blob == null) {
                    send(exchange, Answer.json(404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"x\"}]}"));
                } else {
                    exchange.getResponseHeaders().set("Docker-Content-Digest", m.group(2));
                    send(exchange, new Answer(200, "application/octet-stream", blob));
                }
                return;
            }
            if ((m = MANIFEST.matcher(path)).matches()) {
                manifest(exchange, method, m.group(1), m.group(2), body);
                return;
            }
            if ((m = TAGS.matcher(path)).matches()) {
                String prefix = m.group(1) + ":";
                TreeSet<String> names = new TreeSet<>();
                tags.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> names.add(k.substring(prefix.length())));
                if (names.isEmpty()) {
                    send(exchange, Answer.json(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"x\"}]}"));
                } else {
                    send(exchange, Answer.json(200, "{\"name\":\"" + m.group(1) + "\",\"tags\":["
                            + String.join(",", names.stream().map(t -> "\"" + t + "\"").toList()) + "]}"));
                }
                return;
            }
            send(exchange, Answer.json(404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}"));
        }
    }

    private void manifest(HttpExchange exchange, String method, String repository, String reference, byte[] body)
            throws IOException {
        if (method.equals("PUT")) {
            if (refuseManifests != null) {
                send(exchange, refuseManifests);
                return;
            }
            String digest = PackManifest.sha256(body);
            manifests.put(repository + "@" + digest, body);
            if (!reference.startsWith("sha256:")) {
                tags.put(repository + ":" + reference, digest);
            }
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
            exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/manifests/" + digest);
            send(exchange, new Answer(201, null, new byte[0]));
            return;
        }
        String digest = reference.startsWith("sha256:") ? reference : tags.get(repository + ":" + reference);
        byte[] manifest = digest == null ? null : manifests.get(repository + "@" + digest);
        if (manifest == null) {
            send(exchange, Answer.json(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"x\"}]}"));
            return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        send(exchange, new Answer(200, PackManifest.MANIFEST_MEDIA_TYPE, manifest));
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head || answer.body().length == 0) {
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(answer.body().length));
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
