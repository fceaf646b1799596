package dev.packyard.registry.helm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.chart.ChartVersions;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ChartMuseum's API over the registry's Helm repositories, so {@code helm cm-push}, CI scripts written for ChartMuseum
 * and Harbor's old chart API keep working:
 * <pre>
 * POST   /api/R/charts                   upload a package (raw body or multipart chart/prov); ?force replaces
 * POST   /api/R/prov                     upload the .prov of a package already there
 * GET    /api/R/charts                   every chart: name to versions
 * GET    /api/R/charts/NAME              one chart's versions, newest first
 * GET    /api/R/charts/NAME/VERSION      one version
 * DELETE /api/R/charts/NAME/VERSION      delete a version (its OCI manifest and tag)
 * </pre>
 * Paths are read from the end, since {@code R} may itself have several segments; {@code /api/a/charts/charts} lists
 * Helm repository {@code a/charts}, and chart {@code charts} of {@code a} is listed by {@code GET /api/a/charts}.
 */
final class ChartMuseumApi implements HttpService {

    private final ChartIndex index;
    private final ChartPublisher publisher;
    private final ManifestStore manifests;
    private final BlobStore blobs;
    private final ManifestGuard guard;
    private final long maxUploadBytes;

    ChartMuseumApi(ChartIndex index, ChartPublisher publisher, ManifestStore manifests, BlobStore blobs,
                   ManifestGuard guard, long maxUploadBytes) {
        this.index = index;
        this.publisher = publisher;
        this.manifests = manifests;
        this.blobs = blobs;
        this.guard = guard;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/api/*", ChartResponses.handler(this::handle));
    }

    private void handle(ServerRequest request, ServerResponse response) throws IOException {
        String method = request.prologue().method().text();
        String path = request.path().absolute().path();
        List<String> segments = Arrays.stream(path.substring("/api/".length()).split("/", -1)).toList();
        int n = segments.size();
        if (n >= 2 && segments.get(n - 1).equals("charts")) {
            HelmRepositoryName repository = repository(segments.subList(0, n - 1));
            switch (allow(response, method, "GET", "POST")) {
                case "POST" -> upload(request, response, repository);
                default -> JsonApi.send(response, 200, all(repository));
            }
        } else if (n >= 2 && segments.get(n - 1).equals("prov")) {
            HelmRepositoryName repository = repository(segments.subList(0, n - 1));
            allow(response, method, "POST");
            uploadProvenance(request, response, repository);
        } else if (n >= 4 && segments.get(n - 3).equals("charts") && ChartVersions.isValid(segments.get(n - 1))) {
            // Before NAME alone, so /api/R/charts/charts/1.0.0 is version 1.0.0 of chart 'charts' (a version is
            // never a chart name's only reading, while 'charts' may be a repository segment).
            HelmRepositoryName repository = repository(segments.subList(0, n - 3));
            String name = segments.get(n - 2);
            String version = segments.get(n - 1);
            if (allow(response, method, "GET", "DELETE").equals("DELETE")) {
                delete(response, repository, name, version);
            } else {
                JsonApi.send(response, 200, chart(repository, name, version).entry());
            }
        } else if (n >= 3 && segments.get(n - 2).equals("charts")) {
            HelmRepositoryName repository = repository(segments.subList(0, n - 2));
            allow(response, method, "GET");
            JsonApi.send(response, 200, versions(repository, segments.get(n - 1)));
        } else if (n >= 4 && segments.get(n - 3).equals("charts")) {
            throw new ApiException(400, "VERSION_INVALID", "'" + segments.get(n - 1) + "' is not a SemVer 2.0.0 chart "
                    + "version");
        } else {
            throw new ApiException(404, "NOT_FOUND", "no ChartMuseum endpoint at " + path + "; use /api/R/charts, "
                    + "/api/R/charts/NAME, /api/R/charts/NAME/VERSION or /api/R/prov");
        }
    }

    private void upload(ServerRequest request, ServerResponse response, HelmRepositoryName repository) throws IOException {
        ChartUpload upload = read(request, false);
        if (upload.chart().isEmpty()) {
            attachProvenance(repository, upload.provenance().orElseThrow());
        } else {
            publisher.publish(repository, upload.chart().get(), upload.provenance(), force(request));
        }
        JsonApi.send(response, 201, Map.of("saved", true));
    }

    private void uploadProvenance(ServerRequest request, ServerResponse response, HelmRepositoryName repository)
            throws IOException {
        ChartUpload upload = read(request, true);
        if (upload.chart().isPresent()) {
            publisher.publish(repository, upload.chart().get(), upload.provenance(), force(request));
        } else {
            attachProvenance(repository, upload.provenance().orElseThrow());
        }
        JsonApi.send(response, 201, Map.of("saved", true));
    }

    /** Stores a .prov beside a package already in the repository, by storing the chart again with it. */
    private void attachProvenance(HelmRepositoryName repository, byte[] provenance) throws IOException {
        ProvenanceFile prov;
        try {
            prov = ProvenanceFile.parse(provenance);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "PROVENANCE_INVALID", e.getMessage());
        }
        IndexedChart chart = index.snapshot(repository).byFileName(prov.fileName()).orElseThrow(() -> new ApiException(
                404, "CHART_NOT_FOUND", "the provenance file is for " + prov.fileName() + ", which Helm repository "
                + repository + " does not have; upload the package first, or both together"));
        if (!(chart.location() instanceof ChartLocation.Stored stored)) {
            throw new ApiException(409, "CHART_READ_ONLY", prov.fileName() + " ships inside a pack; its provenance "
                    + "cannot be changed here");
        }
        byte[] packageBytes = blobs.content(stored.chart().digest());
        publisher.publish(repository, packageBytes, Optional.of(provenance), true);
    }

    private void delete(ServerResponse response, HelmRepositoryName repository, String name, String version)
            throws IOException {
        IndexedChart chart = chart(repository, name, version);
        if (!(chart.location() instanceof ChartLocation.Stored stored)) {
            throw new ApiException(409, "CHART_READ_ONLY", "chart " + name + " " + version + " ships inside a pack; "
                    + "delete the pack version instead");
        }
        RepositoryName chartRepository = stored.repository();
        String digest = stored.manifest().toString();
        guard.beforeDelete(chartRepository, digest);
        if (!manifests.delete(chartRepository, stored.manifest())) {
            throw notFound(repository, name, version);
        }
        guard.afterDelete(chartRepository, digest);
        JsonApi.send(response, 200, Map.of("deleted", true));
    }

    private ObjectNode all(HelmRepositoryName repository) throws IOException {
        ObjectNode all = JsonApi.json().createObjectNode();
        index.snapshot(repository).charts().forEach((name, versions) -> all.set(name, entries(versions)));
        return all;
    }

    private ArrayNode versions(HelmRepositoryName repository, String name) throws IOException {
        List<IndexedChart> versions = index.snapshot(repository).charts().get(name);
        if (versions == null) {
            throw new ApiException(404, "CHART_NOT_FOUND", "Helm repository " + repository + " has no chart " + name);
        }
        return entries(versions);
    }

    private IndexedChart chart(HelmRepositoryName repository, String name, String version) throws IOException {
        if (!ChartVersions.isValid(version)) {
            throw new ApiException(400, "VERSION_INVALID", "'" + version + "' is not a SemVer 2.0.0 chart version");
        }
        return index.snapshot(repository).chart(name, version).orElseThrow(() -> notFound(repository, name, version));
    }

    private static ArrayNode entries(List<IndexedChart> versions) {
        ArrayNode list = JsonApi.json().createArrayNode();
        versions.forEach(chart -> list.add(chart.entry()));
        return list;
    }

    private ChartUpload read(ServerRequest request, boolean rawIsProvenance) throws IOException {
        Optional<Long> length = request.headers().first(HeaderNames.CONTENT_LENGTH).map(ChartMuseumApi::parseLength);
        return ChartUpload.read(request.content().inputStream(), request.headers().first(HeaderNames.CONTENT_TYPE),
                length, maxUploadBytes, rawIsProvenance);
    }

    /** ChartMuseum's {@code ?force} (also {@code ?force=true}); {@code ?force=false} does not force. */
    private static boolean force(ServerRequest request) {
        if (!request.query().contains("force")) {
            return false;
        }
        String value = request.query().get("force");
        return value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1");
    }

    private static Long parseLength(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "INVALID_REQUEST", "Content-Length '" + text + "' is not a number");
        }
    }

    private static HelmRepositoryName repository(List<String> segments) {
        return HelmRepositoryApi.repository(String.join("/", segments));
    }

    private static String allow(ServerResponse response, String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return method;
            }
        }
        response.header(HeaderNames.ALLOW, String.join(", ", allowed));
        throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not supported here; use "
                + String.join(" or ", allowed));
    }

    private static ApiException notFound(HelmRepositoryName repository, String name, String version) {
        return new ApiException(404, "CHART_NOT_FOUND", "Helm repository " + repository + " has no chart " + name
                + " version " + version);
    }
}
