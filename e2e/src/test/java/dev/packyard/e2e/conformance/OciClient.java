package dev.packyard.e2e.conformance;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Arrays;

/**
 * A small OCI distribution client on the JDK {@link HttpClient}, shaped like the conformance suite's client: paths
 * are sent as given, a {@code Location} is replayed as path and query against the registry root, and every push
 * helper returns the closing response so a test can assert on it.
 */
final class OciClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final HttpClient http;

    OciClient(URI base, Optional<SSLContext> tls) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    URI base() {
        return base;
    }

    /**
     * The URI a request target names: a path (with query) is taken relative to the registry root; for an absolute
     * URL only its path and query are kept, as the conformance suite does with {@code Location} headers.
     */
    URI resolve(String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            URI absolute = URI.create(target);
            target = absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        }
        return URI.create(base + (target.startsWith("/") ? "" : "/") + target);
    }

    /** {@code location} with {@code name=value} appended to its query; the value is URL-encoded. */
    static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------- raw HTTP

    /** Sends one request. {@code headers} are name/value pairs. */
    Response send(String method, String target, BodyPublisher body, String... headers) {
        URI uri = resolve(target);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, body);
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs: " + Arrays.toString(headers));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Response(method, uri, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response send(String method, String target, byte[] body, String... headers) {
        return send(method, target, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body), headers);
    }

    Response get(String target, String... headers) {
        return send("GET", target, (byte[]) null, headers);
    }

    Response head(String target, String... headers) {
        return send("HEAD", target, (byte[]) null, headers);
    }

    Response delete(String target, String... headers) {
        return send("DELETE", target, (byte[]) null, headers);
    }

    Response post(String target, byte[] body, String... headers) {
        return send("POST", target, body, headers);
    }

    Response put(String target, byte[] body, String... headers) {
        return send("PUT", target, body, headers);
    }

    Response patch(String target, byte[] body, String... headers) {
        return send("PATCH", target, body, headers);
    }

    // ----------------------------------------------------------------------------------------------------- blobs

    static String blobPath(String repo, String digest) {
        return "/v2/" + repo + "/blobs/" + digest;
    }

    static String uploadsPath(String repo) {
        return "/v2/" + repo + "/blobs/uploads/";
    }

    Response getBlob(String repo, String digest, String... headers) {
        return get(blobPath(repo, digest), headers);
    }

    Response headBlob(String repo, String digest) {
        return head(blobPath(repo, digest));
    }

    Response deleteBlob(String repo, String digest) {
        return delete(blobPath(repo, digest));
    }

    /** Opens an upload session ({@code POST}, no body) and asserts 202 with a {@code Location}. */
    Response startUpload(String repo) {
        return startUpload(repo, "sha256");
    }

    /** Opens an upload session, naming the digest algorithm unless it is sha256 ({@code ?digest-algorithm=}). */
    Response startUpload(String repo, String algorithm) {
        String target = uploadsPath(repo);
        if (!"sha256".equals(algorithm)) {
            target = withQuery(target, "digest-algorithm", algorithm);
        }
        Response response = post(target, new byte[0]);
        response.expectStatus(202);
        response.location();
        return response;
    }

    /** POST then PUT with the whole blob ({@code PUT <location>?digest=}). Returns the PUT's response. */
    Response pushPostPut(String repo, Content blob) {
        Response session = startUpload(repo, blob.algorithm());
        return put(withQuery(session.location(), "digest", blob.digest()), blob.bytes(),
                "Content-Type", Content.OCTET_STREAM);
    }

    /** A single {@code POST /v2/<name>/blobs/uploads/?digest=} with the whole blob. Returns its response. */
    Response pushMonolithic(String repo, Content blob) {
        return post(withQuery(uploadsPath(repo), "digest", blob.digest()), blob.bytes(),
                "Content-Type", Content.OCTET_STREAM);
    }

    /**
     * POST, one {@code PATCH} streaming the whole blob with no {@code Content-Range} and no length (chunked
     * transfer encoding, as docker pushes), then {@code PUT ?digest=} with no body. Returns the PUT's response.
     */
    Response pushStreamed(String repo, Content blob) {
        Response session = startUpload(repo, blob.algorithm());
        Response patch = send("PATCH", session.location(),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(blob.bytes())),
                "Content-Type", Content.OCTET_STREAM);
        patch.expectStatus(202);
        return put(withQuery(patch.location(), "digest", blob.digest()), new byte[0]);
    }

    /**
     * POST, then {@code PATCH} chunks of {@code chunkSize} bytes with {@code Content-Range}, each asserted 202 with
     * {@code Range: 0-<end>}, following each response's {@code Location}; then the closing {@code PUT ?digest=},
     * carrying the last chunk when {@code lastChunkInPut}. Returns the PUT's response.
     */
    Response pushChunked(String repo, Content blob, int chunkSize, boolean lastChunkInPut) {
        Response session = startUpload(repo, blob.algorithm());
        String location = session.location();
        chunkSize = Math.max(chunkSize, minChunkLength(session));
        byte[] bytes = blob.bytes();
        int start = 0;
        while (start < bytes.length) {
            int end = Math.min(start + chunkSize, bytes.length) - 1;
            byte[] chunk = Arrays.copyOfRange(bytes, start, end + 1);
            String range = start + "-" + end;
            if (lastChunkInPut && end == bytes.length - 1) {
                return put(withQuery(location, "digest", blob.digest()), chunk,
                        "Content-Type", Content.OCTET_STREAM, "Content-Range", range);
            }
            Response patch = patch(location, chunk, "Content-Type", Content.OCTET_STREAM, "Content-Range", range);
            patch.expectStatus(202).expectHeader("Range", "0-" + end);
            location = patch.location();
            start = end + 1;
        }
        return put(withQuery(location, "digest", blob.digest()), new byte[0]);
    }

    /** The {@code OCI-Chunk-Min-Length} a session's POST response advertises, or 0. */
    static int minChunkLength(Response post) {
        return post.header("OCI-Chunk-Min-Length").map(Integer::parseInt).orElse(0);
    }

    /** Pushes with POST+PUT and asserts 201 with a {@code Location}. */
    void pushBlob(String repo, Content blob) {
        Response response = pushPostPut(repo, blob);
        response.expectStatus(201);
        response.location();
    }

    /** Mounts {@code digest} from {@code from} into {@code repo} ({@code from} may be null). Returns the response. */
    Response mount(String repo, String digest, String from) {
        String target = withQuery(uploadsPath(repo), "mount", digest);
        if (from != null) {
            target = withQuery(target, "from", from);
        }
        return post(target, new byte[0]);
    }

    /** Asserts the blob is pullable from {@code repo}: HEAD and GET 200 with the exact length, digest and bytes. */
    void assertBlobExists(String repo, Content blob) {
        headBlob(repo, blob.digest()).expectStatus(200)
                .expectHeader("Content-Length", Integer.toString(blob.size()))
                .expectDigestHeader(blob.digest())
                .expectBody(new byte[0]);
        getBlob(repo, blob.digest()).expectStatus(200)
                .expectHeader("Content-Length", Integer.toString(blob.size()))
                .expectDigestHeader(blob.digest())
                .expectBody(blob.bytes());
    }

    /** Asserts the blob is absent from {@code repo}: HEAD 404, GET 404 BLOB_UNKNOWN. */
    void assertBlobAbsent(String repo, String digest) {
        headBlob(repo, digest).expectStatus(404);
        getBlob(repo, digest).expectError(404, "BLOB_UNKNOWN");
    }

    // ------------------------------------------------------------------------------------------------- manifests

    static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    /** {@code PUT /v2/<repo>/manifests/<reference>} with {@code Content-Type} = the manifest's media type. */
    Response putManifest(String repo, String reference, Content manifest) {
        return put(manifestPath(repo, reference), manifest.bytes(), "Content-Type", manifest.mediaType());
    }

    /** Pushes a manifest and asserts 201 with a {@code Location}; returns the response. */
    Response pushManifest(String repo, String reference, Content manifest) {
        Response response = putManifest(repo, reference, manifest);
        response.expectStatus(201);
        response.location();
        return response;
    }

    /** GET a manifest, accepting both OCI manifest types. */
    Response getManifest(String repo, String reference) {
        return get(manifestPath(repo, reference), "Accept", TestData.OCI_MANIFEST, "Accept", TestData.OCI_INDEX);
    }

    Response headManifest(String repo, String reference) {
        return head(manifestPath(repo, reference), "Accept", TestData.OCI_MANIFEST, "Accept", TestData.OCI_INDEX);
    }

    Response deleteManifest(String repo, String reference) {
        return delete(manifestPath(repo, reference));
    }

    /**
     * Asserts {@code GET} and {@code HEAD} of the manifest by {@code reference} give 200 with the exact bytes,
     * {@code Content-Type}, {@code Content-Length} and {@code Docker-Content-Digest}.
     */
    void assertManifest(String repo, String reference, Content manifest) {
        getManifest(repo, reference).expectStatus(200)
                .expectHeader("Content-Type", manifest.mediaType())
                .expectHeader("Content-Length", Integer.toString(manifest.size()))
                .expectDigestHeader(manifest.digest())
                .expectBody(manifest.bytes());
        headManifest(repo, reference).expectStatus(200)
                .expectHeader("Content-Type", manifest.mediaType())
                .expectHeader("Content-Length", Integer.toString(manifest.size()))
                .expectDigestHeader(manifest.digest())
                .expectBody(new byte[0]);
    }

    /** Asserts the {@code Location} of a manifest PUT serves the exact bytes, type and length. */
    void assertManifestLocation(Response put, Content manifest) {
        get(put.location(), "Accept", TestData.OCI_MANIFEST, "Accept", TestData.OCI_INDEX).expectStatus(200)
                .expectHeader("Content-Type", manifest.mediaType())
                .expectHeader("Content-Length", Integer.toString(manifest.size()))
                .expectBody(manifest.bytes());
    }

    /** Asserts the {@code Location} of a blob push serves the exact bytes. */
    void assertBlobLocation(Response push, Content blob) {
        get(push.location()).expectStatus(200).expectBody(blob.bytes());
    }

    // ------------------------------------------------------------------------------------------ tags, referrers

    Response tagsList(String repo, String query) {
        return get("/v2/" + repo + "/tags/list" + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    Response referrers(String repo, String digest, String artifactType) {
        String target = "/v2/" + repo + "/referrers/" + digest;
        if (artifactType != null) {
            target = withQuery(target, "artifactType", artifactType);
        }
        return get(target);
    }
}
