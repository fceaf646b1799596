package dev.packyard.registry.helm;

import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.oci.store.BlobStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The classic Helm repositories, read side: {@code GET /helm/<repo>/index.yaml} and the packages and provenance
 * files its entries point at, {@code /helm/<repo>/charts/<name>-<version>.tgz[.prov]}. The index is served from
 * memory with a strong ETag (a client that sends {@code If-None-Match} gets 304) and gzip when asked.
 */
final class HelmRepositoryApi implements HttpService {

    private static final String PREFIX = "/helm/";
    private static final String INDEX = "/index.yaml";
    private static final String CHARTS = "/charts/";
    private static final String PROVENANCE_SUFFIX = ".prov";

    private final ChartIndex index;
    private final BlobStore blobs;

    HelmRepositoryApi(ChartIndex index, BlobStore blobs) {
        this.index = index;
        this.blobs = blobs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/helm/*", ChartResponses.handler(this::handle))
                .head("/helm/*", ChartResponses.handler(this::handle));
    }

    private void handle(ServerRequest request, ServerResponse response) throws IOException {
        boolean head = request.prologue().method().equals(Method.HEAD);
        String path = request.path().absolute().path();
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith(INDEX)) {
            index(request, response, repository(rest.substring(0, rest.length() - INDEX.length())), head);
            return;
        }
        int charts = rest.lastIndexOf(CHARTS);
        if (charts > 0 && rest.indexOf('/', charts + CHARTS.length()) < 0) {
            download(response, repository(rest.substring(0, charts)), rest.substring(charts + CHARTS.length()), head);
            return;
        }
        throw new ApiException(404, "NOT_FOUND", "no Helm repository endpoint at " + path + "; a repository R serves "
                + "/helm/R/index.yaml and /helm/R/charts/NAME-VERSION.tgz");
    }

    private void index(ServerRequest request, ServerResponse response, HelmRepositoryName repository, boolean head)
            throws IOException {
        IndexDocument document = index.snapshot(repository).document();
        response.header(HeaderNames.ETAG, document.etag());
        response.header(HeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                document.generated().atOffset(ZoneOffset.UTC)));
        // Clients may keep the index but must ask before using it again; with the ETag that costs a 304.
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.header(HeaderNames.VARY, "Accept-Encoding");
        if (notModified(request, document.etag())) {
            response.status(Status.NOT_MODIFIED_304);
            response.send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        byte[] body = document.yaml();
        if (acceptsGzip(request)) {
            response.header(HeaderNames.CONTENT_ENCODING, "gzip");
            body = document.gzip();
        }
        send(response, body, head);
    }

    private void download(ServerResponse response, HelmRepositoryName repository, String fileName, boolean head)
            throws IOException {
        boolean provenance = fileName.endsWith(PROVENANCE_SUFFIX);
        String packageName = provenance ? fileName.substring(0, fileName.length() - PROVENANCE_SUFFIX.length()) : fileName;
        IndexedChart chart = index.snapshot(repository).byFileName(packageName).orElseThrow(() -> new ApiException(404,
                "CHART_NOT_FOUND", "Helm repository " + repository + " has no chart package " + packageName));
        switch (chart.location()) {
            case ChartLocation.Stored stored -> {
                if (provenance && stored.provenance().isEmpty()) {
                    throw new ApiException(404, "PROVENANCE_NOT_FOUND", "chart " + chart.name() + " " + chart.version()
                            + " in Helm repository " + repository + " was stored without a provenance file");
                }
                var descriptor = provenance ? stored.provenance().get() : stored.chart();
                response.header(HeaderNames.CONTENT_TYPE, provenance ? "application/pgp-signature" : "application/gzip");
                response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(descriptor.size()));
                if (head) {
                    response.send();
                    return;
                }
                try (InputStream in = blobs.open(descriptor.digest(), 0); OutputStream out = response.outputStream()) {
                    in.transferTo(out);
                }
            }
            case ChartLocation.InPack inPack -> {
                if (provenance) {
                    throw new ApiException(404, "PROVENANCE_NOT_FOUND", "chart " + chart.name() + " " + chart.version()
                            + " ships inside pack " + inPack.pack() + ", which has no provenance file for it");
                }
                response.header(HeaderNames.CONTENT_TYPE, "application/gzip");
                send(response, inPack.chart(), head);
            }
        }
    }

    static HelmRepositoryName repository(String name) {
        if (!HelmRepositoryName.isValid(name)) {
            throw new ApiException(404, "REPOSITORY_INVALID", HelmRepositoryName.explain(name));
        }
        return new HelmRepositoryName(name);
    }

    private static boolean notModified(ServerRequest request, String etag) {
        Optional<String> ifNoneMatch = request.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isEmpty()) {
            return false;
        }
        for (String candidate : ifNoneMatch.get().split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptsGzip(ServerRequest request) {
        return request.headers().first(HeaderNames.ACCEPT_ENCODING)
                .map(value -> {
                    for (String coding : value.split(",")) {
                        String[] parts = coding.trim().split(";");
                        if (parts[0].trim().equalsIgnoreCase("gzip")) {
                            return parts.length < 2 || !parts[1].trim().replace(" ", "").equals("q=0");
                        }
                    }
                    return false;
                })
                .orElse(false);
    }

    private static void send(ServerResponse response, byte[] body, boolean head) {
        if (head) {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            response.send();
        } else {
            response.send(body);
        }
    }
}
