package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.UploadSession;
import dev.packyard.registry.oci.store.UploadStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads: {@code POST /v2/<name>/blobs/uploads/} (session, whole blob with {@code ?digest=}, or mount) and
 * {@code PATCH/PUT/GET/DELETE} on the session URL.
 */
final class UploadEndpoints {

    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** {@code 0-21}; the {@code bytes 0-21/42} form some Docker clients send is accepted too. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    private final BlobStore blobs;
    private final UploadStore uploads;

    UploadEndpoints(BlobStore blobs, UploadStore uploads) {
        this.blobs = blobs;
        this.uploads = uploads;
    }

    void post(ServerRequest request, ServerResponse response, OciRoute.UploadStart route) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        Optional<String> mount = Requests.query(request, "mount");
        if (mount.isPresent() && tryMount(request, response, repository, mount.get())) {
            return;
        }
        Optional<String> digest = Requests.query(request, "digest");
        if (digest.isPresent() && mount.isEmpty()) {
            Digest expected = Requests.digestToWrite(digest.get(), "?digest=");
            Digest stored = uploads.uploadWhole(repository, expected, request.content().inputStream());
            created(response, repository, stored);
            return;
        }
        if (mount.isEmpty() && hasBody(request)) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, "a POST that carries the blob needs ?digest=<digest of "
                    + "the blob>; to upload in chunks, POST with no body and send the data with PATCH");
        }
        DigestAlgorithm algorithm = Requests.query(request, "digest-algorithm")
                .map(id -> DigestAlgorithm.byId(id).orElseThrow(() -> new OciException(ErrorCode.DIGEST_INVALID,
                        "digest-algorithm=" + id + " is not supported; use one of " + DigestAlgorithm.supportedIds())))
                .orElse(DigestAlgorithm.SHA256);
        UploadSession session = uploads.start(repository, algorithm);
        sessionState(response, Status.ACCEPTED_202, session, 0);
    }

    void patch(ServerRequest request, ServerResponse response, OciRoute.Upload route) throws IOException {
        UploadSession session = session(route);
        long offset = uploads.append(session, rangeStart(request), request.content().inputStream());
        sessionState(response, Status.ACCEPTED_202, session, offset);
    }

    void put(ServerRequest request, ServerResponse response, OciRoute.Upload route) throws IOException {
        UploadSession session = session(route);
        String digest = Requests.query(request, "digest").orElseThrow(() -> new OciException(ErrorCode.DIGEST_INVALID,
                "closing an upload needs ?digest=<digest of the whole blob>"));
        Digest expected = Requests.digestToWrite(digest, "?digest=");
        Digest stored = uploads.complete(session, rangeStart(request), request.content().inputStream(), expected);
        created(response, session.repository(), stored);
    }

    void status(ServerResponse response, OciRoute.Upload route) throws IOException {
        UploadSession session = session(route);
        sessionState(response, Status.NO_CONTENT_204, session, uploads.offset(session));
    }

    void cancel(ServerResponse response, OciRoute.Upload route) throws IOException {
        uploads.cancel(session(route));
        Responses.empty(response, Status.NO_CONTENT_204.code());
    }

    /**
     * Links an existing blob instead of uploading it. With {@code from}, the blob must be in that repository; without
     * it, any copy in the registry will do. Returns false (so a new session starts) when there is nothing to mount.
     */
    private boolean tryMount(ServerRequest request, ServerResponse response, RepositoryName repository, String mount)
            throws IOException {
        Digest digest = Requests.digestToWrite(mount, "?mount=");
        Optional<String> from = Requests.query(request, "from");
        boolean available = from.isPresent()
                ? blobs.size(Requests.repository(from.get()), digest).isPresent()
                : blobs.sizeAnywhere(digest).isPresent();
        if (!available) {
            return false;
        }
        blobs.link(repository, digest);
        created(response, repository, digest);
        return true;
    }

    private UploadSession session(OciRoute.Upload route) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        if (!SESSION_ID.matcher(route.id()).matches()) {
            throw unknownSession(route.id(), repository);
        }
        return uploads.find(repository, UUID.fromString(route.id()))
                .orElseThrow(() -> unknownSession(route.id(), repository));
    }

    private static OptionalLong rangeStart(ServerRequest request) {
        Optional<String> header = request.headers().first(Responses.CONTENT_RANGE);
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        if (!m.matches()) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "Content-Range '" + header.get()
                    + "' is not <first>-<last> (inclusive byte offsets, e.g. 0-1048575)");
        }
        long first;
        long last;
        try {
            first = Long.parseLong(m.group(1));
            last = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, 416, "Content-Range '" + header.get() + "' is out of range");
        }
        if (last < first) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, 416,
                    "Content-Range '" + header.get() + "' ends before it starts");
        }
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() != last - first + 1) {
            throw new OciException(ErrorCode.SIZE_INVALID, "Content-Range " + first + "-" + last + " covers "
                    + (last - first + 1) + " bytes but Content-Length is " + length.getAsLong());
        }
        return OptionalLong.of(first);
    }

    private static boolean hasBody(ServerRequest request) {
        OptionalLong length = request.headers().contentLength();
        return length.isPresent() ? length.getAsLong() > 0 : request.headers().contains(HeaderNames.TRANSFER_ENCODING);
    }

    private static void sessionState(ServerResponse response, Status status, UploadSession session, long offset) {
        response.header(HeaderNames.LOCATION, "/v2/" + session.repository() + "/blobs/uploads/" + session.id());
        response.header(Responses.RANGE, "0-" + Math.max(0, offset - 1));
        response.header(Responses.DOCKER_UPLOAD_UUID, session.id().toString());
        Responses.empty(response, status.code());
    }

    private static void created(ServerResponse response, RepositoryName repository, Digest digest) {
        response.header(HeaderNames.LOCATION, "/v2/" + repository + "/blobs/" + digest);
        response.header(Responses.DOCKER_CONTENT_DIGEST, digest.toString());
        Responses.empty(response, Status.CREATED_201.code());
    }

    private static OciException unknownSession(String id, RepositoryName repository) {
        return new OciException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + id + " is not in progress in repository "
                + repository + " (it finished, was cancelled or expired); start a new one with POST /v2/" + repository
                + "/blobs/uploads/");
    }
}
