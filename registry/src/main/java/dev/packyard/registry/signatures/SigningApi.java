package dev.packyard.registry.signatures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.Tag;
import dev.packyard.registry.oci.store.ManifestRevision;
import dev.packyard.registry.oci.store.ManifestStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /v1/signatures} signs a manifest with the registry's key, {@code GET /v1/signatures?reference=} tells
 * whether a trusted key signed one, and {@code GET /v1/signing/cosign.pub} publishes the registry's public key, so
 * {@code cosign verify --key} can check what the registry signed.
 */
final class SigningApi implements HttpService {

    /** A request body is one short reference; anything longer is not one. */
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final ManifestStore manifests;
    private final Supplier<CosignPublisher> publisher;
    private final TrustEnforcer trust;

    SigningApi(ManifestStore manifests, Supplier<CosignPublisher> publisher, TrustEnforcer trust) {
        this.manifests = manifests;
        this.publisher = publisher;
        this.trust = trust;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/signatures", JsonApi.handler(this::sign))
                .get("/v1/signatures", JsonApi.handler(this::status))
                .get("/v1/signing/cosign.pub", JsonApi.handler(this::publicKey));
    }

    private void publicKey(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "application/x-pem-file");
        response.send(publisher.get().key().publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The signatures of a manifest and whether a trusted key made one: the keys of the trust policy covering the
     * repository, or the registry's own key where none does.
     */
    private void status(ServerRequest request, ServerResponse response) throws IOException {
        String reference = JsonApi.query(request, "reference").orElseThrow(() -> ApiException.badRequest(
                "say which manifest: ?reference=REPOSITORY@DIGEST or ?reference=REPOSITORY:TAG"));
        ManifestReference target = ManifestReference.parse(reference);
        ManifestRevision manifest = find(target);
        SignatureStatus status = trust.statusOf(target.repository(), manifest.digest());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digest", manifest.digest().toString());
        body.put("signed", status.signed());
        body.put("verified", status.verified());
        body.put("verifiedBy", status.verifiedBy());
        body.put("policy", trust.ruleFor(target.repository()).map(rule -> {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("prefix", rule.prefix());
            policy.put("mode", rule.mode().id());
            return policy;
        }).orElse(null));
        body.put("signatures", status.signatures().stream().map(signature -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("signature", signature.signatureManifest().toString());
            entry.put("payload", signature.payload().toString());
            entry.put("verifiedBy", signature.verifiedBy().orElse(null));
            entry.put("problem", signature.problem());
            return entry;
        }).toList());
        JsonApi.send(response, 200, body);
    }

    private ManifestRevision find(ManifestReference target) throws IOException {
        Digest digest = target.digest().isPresent() ? target.digest().get()
                : manifests.resolveTag(target.repository(), target.tag().orElseThrow()).orElseThrow(() ->
                        ApiException.notFound("repository " + target.repository() + " has no tag "
                                + target.tag().get()));
        return manifests.revision(target.repository(), digest).orElseThrow(() ->
                ApiException.notFound("repository " + target.repository() + " has no manifest " + digest));
    }

    private void sign(ServerRequest request, ServerResponse response) throws IOException {
        String reference = reference(request);
        ManifestReference target = ManifestReference.parse(reference);
        ManifestRevision manifest = find(target);
        String host = request.headers().first(HeaderNames.HOST).orElse("localhost");
        CosignPublisher.Signed signed;
        try {
            signed = publisher.get().sign(target.repository(), manifest, host + "/" + target.repository());
        } catch (OciException e) {
            throw new ApiException(e.status(), e.code().name(), "the signature could not be stored: "
                    + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digest", signed.manifest().toString());
        body.put("signature", signed.signatureManifest().toString());
        body.put("tag", signed.tag());
        JsonApi.send(response, signed.created() ? Status.CREATED_201.code() : Status.OK_200.code(), body);
    }

    private static String reference(ServerRequest request) {
        byte[] bytes = request.content().hasEntity() ? request.content().as(byte[].class) : new byte[0];
        if (bytes.length > MAX_BODY_BYTES) {
            throw ApiException.badRequest("the body is " + bytes.length + " bytes; a signing request is "
                    + "{\"reference\": \"REPOSITORY@DIGEST\"} or {\"reference\": \"REPOSITORY:TAG\"}");
        }
        JsonNode body;
        try {
            body = JsonApi.json().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
        if (body == null || !body.isObject() || !body.path("reference").isTextual()) {
            throw ApiException.badRequest("the body must be {\"reference\": \"REPOSITORY@DIGEST\"} or "
                    + "{\"reference\": \"REPOSITORY:TAG\"}");
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("reference")) {
                throw ApiException.badRequest("unknown key \"" + name + "\"; the body has only \"reference\"");
            }
        }
        return body.path("reference").asText();
    }

    /** {@code REPOSITORY@DIGEST} or {@code REPOSITORY:TAG}, checked as the OCI API checks names. */
    record ManifestReference(RepositoryName repository, Optional<Digest> digest, Optional<String> tag) {

        static ManifestReference parse(String reference) {
            int at = reference.indexOf('@');
            if (at >= 0) {
                RepositoryName repository = repository(reference.substring(0, at), reference);
                String digestText = reference.substring(at + 1);
                if (!(Digest.parse(digestText) instanceof Digest.Valid valid)) {
                    throw ApiException.badRequest("\"" + digestText + "\" in reference \"" + reference
                            + "\" is not a digest like sha256:<64 hex digits>");
                }
                return new ManifestReference(repository, Optional.of(valid.digest()), Optional.empty());
            }
            int colon = reference.lastIndexOf(':');
            if (colon < 0 || colon < reference.lastIndexOf('/')) {
                throw ApiException.badRequest("reference \"" + reference + "\" names no manifest; write "
                        + "REPOSITORY@DIGEST or REPOSITORY:TAG");
            }
            String tag = reference.substring(colon + 1);
            if (!Tag.isValid(tag)) {
                throw ApiException.badRequest("reference \"" + reference + "\": " + Tag.explain(tag));
            }
            return new ManifestReference(repository(reference.substring(0, colon), reference), Optional.empty(),
                    Optional.of(tag));
        }

        private static RepositoryName repository(String name, String reference) {
            if (!RepositoryName.isValid(name)) {
                throw ApiException.badRequest("reference \"" + reference + "\": " + RepositoryName.explain(name));
            }
            return new RepositoryName(name);
        }
    }
}
