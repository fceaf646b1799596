package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.PullPolicy;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.Tag;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestRevision;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.StoredManifest;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** {@code GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference>}. */
final class ManifestEndpoints {

    private final ManifestStore manifests;
    private final ManifestGuard guard;
    private final PullPolicy pulls;
    private final ManifestPublisher publisher;
    private final ManifestParser parser = new ManifestParser();
    private final int maxManifestBytes;

    ManifestEndpoints(ManifestStore manifests, ManifestGuard guard, PullPolicy pulls, int maxManifestBytes) {
        this.manifests = manifests;
        this.guard = guard;
        this.pulls = pulls;
        this.publisher = new ManifestPublisher(manifests, guard);
        this.maxManifestBytes = maxManifestBytes;
    }

    void get(ServerResponse response, OciRoute.Manifest route, boolean head) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        Digest digest = resolve(repository, route.reference());
        pulls.checkPull(repository, digest);
        if (head) { // the revision record has everything a HEAD answers; the bytes need not be read
            ManifestRevision revision = manifests.revision(repository, digest)
                    .orElseThrow(() -> unknown(repository, route.reference()));
            describe(response, revision);
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(revision.size()));
            response.send();
            return;
        }
        StoredManifest manifest = manifests.get(repository, digest).orElseThrow(() -> unknown(repository, route.reference()));
        describe(response, manifest.revision());
        response.send(manifest.content());
    }

    private static void describe(ServerResponse response, ManifestRevision revision) {
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, revision.mediaType());
        response.header(Responses.DOCKER_CONTENT_DIGEST, revision.digest().toString());
        response.header(HeaderNames.ETAG, "\"" + revision.digest() + "\"");
    }

    void put(ServerRequest request, ServerResponse response, OciRoute.Manifest route) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        String reference = route.reference();
        boolean byDigest = Digest.looksLikeDigest(reference);
        if (!byDigest && !Tag.isValid(reference)) {
            throw new OciException(ErrorCode.TAG_INVALID, Tag.explain(reference));
        }
        byte[] body = readLimited(request);
        Manifest manifest = parser.parse(body, request.headers().first(HeaderNames.CONTENT_TYPE));
        Digest digest;
        List<String> tags = new ArrayList<>();
        if (byDigest) {
            Digest claimed = Requests.digestToWrite(reference, "the manifest reference");
            digest = Digest.of(claimed.algorithm(), body);
            if (!digest.equals(claimed)) {
                throw new OciException(ErrorCode.DIGEST_INVALID, "the manifest's digest is " + digest
                        + ", not " + claimed + " as given in the URL; nothing was stored");
            }
        } else {
            digest = Digest.of(DigestAlgorithm.SHA256, body);
            tags.add(reference);
        }
        List<String> extraTags = request.query().contains("tag") ? request.query().all("tag") : List.of();
        for (String tag : extraTags) {
            if (!Tag.isValid(tag)) {
                throw new OciException(ErrorCode.TAG_INVALID, Tag.explain(tag));
            }
        }
        tags.addAll(extraTags);
        ManifestRevision revision = publisher.publish(repository, digest, body, manifest, tags);
        response.header(HeaderNames.LOCATION, "/v2/" + repository + "/manifests/" + digest);
        response.header(Responses.DOCKER_CONTENT_DIGEST, digest.toString());
        revision.subject().ifPresent(subject -> response.header(Responses.OCI_SUBJECT, subject.toString()));
        if (!extraTags.isEmpty()) {
            response.header(Responses.OCI_TAG, extraTags.toArray(String[]::new));
        }
        Responses.empty(response, Status.CREATED_201.code());
    }

    void delete(ServerResponse response, OciRoute.Manifest route) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        String reference = route.reference();
        guard.beforeDelete(repository, reference);
        boolean deleted;
        if (Digest.looksLikeDigest(reference)) {
            deleted = manifests.delete(repository, Requests.digestToRead(reference, ErrorCode.MANIFEST_UNKNOWN, "manifest"));
        } else if (Tag.isValid(reference)) {
            deleted = manifests.deleteTag(repository, reference);
        } else {
            throw new OciException(ErrorCode.TAG_INVALID, Tag.explain(reference));
        }
        if (!deleted) {
            throw unknown(repository, reference);
        }
        guard.afterDelete(repository, reference);
        Responses.empty(response, Status.ACCEPTED_202.code());
    }

    /** A tag or digest to the digest it names; anything else (e.g. {@code .INVALID}) is simply not there. */
    private Digest resolve(RepositoryName repository, String reference) throws IOException {
        if (Digest.looksLikeDigest(reference)) {
            return Requests.digestToRead(reference, ErrorCode.MANIFEST_UNKNOWN, "manifest");
        }
        if (!Tag.isValid(reference)) {
            throw unknown(repository, reference);
        }
        return manifests.resolveTag(repository, reference).orElseThrow(() -> unknown(repository, reference));
    }

    private byte[] readLimited(ServerRequest request) throws IOException {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxManifestBytes) {
            throw tooLarge(declared.getAsLong());
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(maxManifestBytes + 1);
            if (body.length > maxManifestBytes) {
                throw tooLarge(body.length);
            }
            return body;
        }
    }

    private OciException tooLarge(long size) {
        return new OciException(ErrorCode.SIZE_INVALID, 413, "the manifest is " + (size > maxManifestBytes ? "over " : "")
                + maxManifestBytes + " bytes, the most this registry accepts; move large content into blobs");
    }

    private static OciException unknown(RepositoryName repository, String reference) {
        return new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not in repository " + repository);
    }
}
