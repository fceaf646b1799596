package dev.packyard.registry.oci.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.Tag;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@code GET /v2/<name>/tags/list} and {@code GET /v2/_catalog}, paged with {@code n}, {@code last} and {@code Link}. */
final class ListingEndpoints {

    private final ManifestStore manifests;
    private final RepositoryCatalog catalog;

    ListingEndpoints(ManifestStore manifests, RepositoryCatalog catalog) {
        this.manifests = manifests;
        this.catalog = catalog;
    }

    void tags(ServerRequest request, ServerResponse response, OciRoute.TagList route, boolean head) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        List<String> tags = manifests.tags(repository).orElseThrow(() -> new OciException(ErrorCode.NAME_UNKNOWN,
                "repository " + repository + " does not exist"));
        Page page = page(request, tags, Tag.ORDER);
        ObjectNode body = Responses.json().createObjectNode();
        body.put("name", repository.value());
        ArrayNode items = body.putArray("tags");
        page.items().forEach(items::add);
        link(response, page, request, "/v2/" + repository + "/tags/list");
        Responses.json(response, 200, body, "application/json", head);
    }

    void catalog(ServerRequest request, ServerResponse response, boolean head) throws IOException {
        Page page = page(request, catalog.names(), Comparator.naturalOrder());
        ObjectNode body = Responses.json().createObjectNode();
        ArrayNode items = body.putArray("repositories");
        page.items().forEach(items::add);
        link(response, page, request, "/v2/_catalog");
        Responses.json(response, 200, body, "application/json", head);
    }

    private static Page page(ServerRequest request, List<String> sorted, Comparator<String> order) {
        return Page.of(sorted, Requests.query(request, "n"), Requests.query(request, "last"), order);
    }

    /** RFC 8288 {@code Link: <path?n=..&last=..>; rel="next"} when more entries follow. */
    private static void link(ServerResponse response, Page page, ServerRequest request, String path) {
        if (!page.more()) {
            return;
        }
        String n = Requests.query(request, "n").orElse(Integer.toString(Page.MAX_ENTRIES));
        String last = page.items().get(page.items().size() - 1);
        response.header(HeaderNames.create("Link"), "<" + path + "?n=" + n + "&last="
                + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"");
    }
}
