package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.BlobStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code GET/HEAD/DELETE /v2/<name>/blobs/<digest>}, with single-range requests. */
final class BlobEndpoints {

    private static final int COPY_BUFFER = 1024 * 1024;

    private final BlobStore blobs;

    BlobEndpoints(BlobStore blobs) {
        this.blobs = blobs;
    }

    void get(ServerRequest request, ServerResponse response, OciRoute.Blob route, boolean head) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        Digest digest = Requests.digestToRead(route.digest(), ErrorCode.BLOB_UNKNOWN, "blob");
        long size = blobs.size(repository, digest).orElseThrow(() -> unknown(repository, digest));
        switch (ByteRange.of(request.headers().first(HeaderNames.RANGE), size)) {
            case ByteRange.Whole whole -> send(response, Status.OK_200, digest, 0, size, head);
            case ByteRange.Part part -> {
                response.header(Responses.CONTENT_RANGE, "bytes " + part.first() + "-" + part.last() + "/" + size);
                send(response, Status.PARTIAL_CONTENT_206, digest, part.first(), part.length(), head);
            }
            case ByteRange.Unsatisfiable unsatisfiable -> {
                response.header(Responses.CONTENT_RANGE, "bytes */" + size);
                Responses.empty(response, Status.REQUESTED_RANGE_NOT_SATISFIABLE_416.code());
            }
        }
    }

    void delete(OciRoute.Blob route, ServerResponse response) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        Digest digest = Requests.digestToRead(route.digest(), ErrorCode.BLOB_UNKNOWN, "blob");
        if (!blobs.unlink(repository, digest)) {
            throw unknown(repository, digest);
        }
        Responses.empty(response, Status.ACCEPTED_202.code());
    }

    private void send(ServerResponse response, Status status, Digest digest, long offset, long length, boolean head)
            throws IOException {
        // Open before any header is set, so a storage failure is still answered with a clean error response.
        try (InputStream in = head ? InputStream.nullInputStream() : blobs.open(digest, offset)) {
            response.status(status);
            response.header(Responses.DOCKER_CONTENT_DIGEST, digest.toString());
            response.header(HeaderNames.ACCEPT_RANGES, "bytes");
            response.header(HeaderNames.ETAG, "\"" + digest + "\"");
            response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
            if (head) {
                response.send();
                return;
            }
            // Large writes: each one is a single socket write, so fewer, bigger writes mean fewer wake-ups.
            byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
            try (OutputStream out = response.outputStream()) {
                long remaining = length;
                while (remaining > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (read < 0) {
                        throw new IOException("blob " + digest + " ended " + remaining + " bytes early");
                    }
                    out.write(buffer, 0, read);
                    remaining -= read;
                }
            }
        }
    }

    private static OciException unknown(RepositoryName repository, Digest digest) {
        return new OciException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository " + repository);
    }
}
