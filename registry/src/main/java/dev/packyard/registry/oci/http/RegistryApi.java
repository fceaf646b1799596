package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.PullPolicy;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;
import dev.packyard.registry.oci.store.UploadStore;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OCI Distribution v1.1 API under {@code /v2}. Translates HTTP to store calls and nothing more: each endpoint
 * family has its own small class, and every refusal is an {@link OciException} written in the spec's error format.
 */
public final class RegistryApi implements HttpService {

    private static final Logger LOG = Logger.getLogger(RegistryApi.class.getName());

    private final BlobEndpoints blobEndpoints;
    private final UploadEndpoints uploadEndpoints;
    private final ManifestEndpoints manifestEndpoints;
    private final ListingEndpoints listingEndpoints;
    private final ReferrersEndpoint referrersEndpoint;

    public RegistryApi(BlobStore blobs, UploadStore uploads, ManifestStore manifests, RepositoryCatalog catalog,
                       ManifestGuard guard, PullPolicy pulls, int maxManifestBytes) {
        this.blobEndpoints = new BlobEndpoints(blobs);
        this.uploadEndpoints = new UploadEndpoints(blobs, uploads);
        this.manifestEndpoints = new ManifestEndpoints(manifests, guard, pulls, maxManifestBytes);
        this.listingEndpoints = new ListingEndpoints(manifests, catalog);
        this.referrersEndpoint = new ReferrersEndpoint(manifests);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/v2", this::handle).any("/v2/*", this::handle);
    }

    private void handle(ServerRequest request, ServerResponse response) {
        Method method = request.prologue().method();
        boolean head = method.equals(Method.HEAD);
        response.header(HeaderNames.create("Docker-Distribution-API-Version"), "registry/2.0");
        try {
            String path = request.path().absolute().rawPath();
            OciRoute route = OciRoute.parse(path).orElseThrow(() -> new OciException(ErrorCode.UNSUPPORTED, 404,
                    "no OCI endpoint at " + path));
            dispatch(request, response, route, method, head);
        } catch (OciException e) {
            Responses.error(response, e, head);
        } catch (Exception e) {
            if (clientWentAway(e)) {
                LOG.log(Level.FINE, () -> method + " " + request.path().absolute().rawPath() + ": the client went away ("
                        + e + ")");
                return;
            }
            LOG.log(Level.SEVERE, method + " " + request.path().absolute().rawPath() + " failed", e);
            if (!response.isSent()) {
                try {
                    Responses.error(response, new OciException(ErrorCode.UNKNOWN, "the registry failed to handle the "
                            + "request (" + (e instanceof IOException || e instanceof UncheckedIOException
                            ? "storage error" : "internal error") + "); see the server log"), head);
                } catch (IllegalStateException streaming) {
                    // The body was already streaming: the connection is closed, so the client sees a short body.
                }
            }
        }
    }

    /** A disconnect in the middle of a request or response: nothing to answer, and no fault of the registry. */
    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerConnectionException || t instanceof DataReader.InsufficientDataAvailableException
                    || t instanceof SocketException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private void dispatch(ServerRequest request, ServerResponse response, OciRoute route, Method method, boolean head)
            throws Exception {
        String verb = method.text();
        switch (route) {
            case OciRoute.Base base -> {
                requireMethod(response, verb, route, "GET", "HEAD");
                Responses.json(response, 200, Responses.json().createObjectNode(), "application/json", head);
            }
            case OciRoute.Catalog catalog -> {
                requireMethod(response, verb, route, "GET", "HEAD");
                listingEndpoints.catalog(request, response, head);
            }
            case OciRoute.TagList tags -> {
                requireMethod(response, verb, route, "GET", "HEAD");
                listingEndpoints.tags(request, response, tags, head);
            }
            case OciRoute.Manifest manifest -> {
                switch (requireMethod(response, verb, route, "GET", "HEAD", "PUT", "DELETE")) {
                    case "PUT" -> manifestEndpoints.put(request, response, manifest);
                    case "DELETE" -> manifestEndpoints.delete(response, manifest);
                    default -> manifestEndpoints.get(response, manifest, head);
                }
            }
            case OciRoute.Blob blob -> {
                if (requireMethod(response, verb, route, "GET", "HEAD", "DELETE").equals("DELETE")) {
                    blobEndpoints.delete(blob, response);
                } else {
                    blobEndpoints.get(request, response, blob, head);
                }
            }
            case OciRoute.UploadStart start -> {
                requireMethod(response, verb, route, "POST");
                uploadEndpoints.post(request, response, start);
            }
            case OciRoute.Upload upload -> {
                switch (requireMethod(response, verb, route, "GET", "PATCH", "PUT", "DELETE")) {
                    case "PATCH" -> uploadEndpoints.patch(request, response, upload);
                    case "PUT" -> uploadEndpoints.put(request, response, upload);
                    case "DELETE" -> uploadEndpoints.cancel(response, upload);
                    default -> uploadEndpoints.status(response, upload);
                }
            }
            case OciRoute.Referrers referrers -> {
                requireMethod(response, verb, route, "GET", "HEAD");
                referrersEndpoint.get(request, response, referrers, head);
            }
        }
    }

    private static String requireMethod(ServerResponse response, String verb, OciRoute route, String... allowed) {
        for (String method : allowed) {
            if (method.equals(verb)) {
                return verb;
            }
        }
        // A 405 must name the methods the endpoint does allow (RFC 9110 section 15.5.6).
        response.header(HeaderNames.ALLOW, String.join(", ", allowed));
        throw new OciException(ErrorCode.UNSUPPORTED, 405, verb + " is not supported on this endpoint ("
                + route.getClass().getSimpleName() + "); use " + String.join(", ", allowed));
    }
}
