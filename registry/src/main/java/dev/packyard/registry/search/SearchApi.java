package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.Layer;
import dev.packyard.packs.PackState;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/search} (packs and charts, with facets) and {@code POST /v1/packs/search} (Palette's pack search
 * body); both only translate HTTP into a {@link SearchRequest} and the result back.
 */
final class SearchApi implements HttpService {

    private final Searcher searcher;
    private final HitSignatures signatures;

    SearchApi(Searcher searcher, HitSignatures signatures) {
        this.searcher = searcher;
        this.signatures = signatures;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/search", JsonApi.handler(this::search))
                .post("/v1/packs/search", JsonApi.handler(this::paletteSearch));
    }

    private void search(ServerRequest request, ServerResponse response) throws IOException {
        String text = JsonApi.query(request, "q").orElse("");
        if (text.length() > SearchRequest.MAX_TEXT) {
            throw ApiException.badRequest("q is " + text.length() + " characters long; keep it to "
                    + SearchRequest.MAX_TEXT);
        }
        List<ItemType> types = JsonApi.query(request, "type").map(type -> List.of(ItemType.byId(type).orElseThrow(
                () -> ApiException.badRequest("type=" + type + " is not a type; use one of " + ItemType.ids()))))
                .orElse(List.of());
        SearchRequest search = new SearchRequest(text, types,
                JsonApi.query(request, "layer").map(l -> List.of(layer("layer=" + l, l))).orElse(List.of()),
                list(request, "addonType"), list(request, "cloudType"), list(request, "source"),
                JsonApi.query(request, "state").map(s -> List.of(state("state=" + s, s))).orElse(List.of()),
                JsonApi.query(request, "fips").map(f -> fips("fips=" + f, f)),
                list(request, "registry"), Optional.empty(), offset(request), limit(request), false, false);
        SearchResult result = searcher.search(search);
        signatures.add(result.hits());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", result.total());
        body.put("offset", search.offset());
        body.put("limit", search.limit());
        body.put("complete", result.complete());
        body.put("hits", result.hits());
        body.put("facets", result.facets());
        JsonApi.send(response, 200, body);
    }

    private void paletteSearch(ServerRequest request, ServerResponse response) throws IOException {
        JsonNode body;
        byte[] bytes = request.content().hasEntity() ? request.content().as(byte[].class) : new byte[0];
        if (bytes.length == 0) {
            body = JsonApi.json().createObjectNode();
        } else {
            try {
                body = JsonApi.json().readTree(bytes);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage() + " (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
        }
        SearchRequest search = PaletteQuery.parse(body, offset(request), limit(request));
        SearchResult result = searcher.search(search);
        signatures.add(result.hits());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", result.hits());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", result.total());
        meta.put("offset", search.offset());
        meta.put("limit", search.limit());
        answer.put("listmeta", meta);
        JsonApi.send(response, 200, answer);
    }

    private static int offset(ServerRequest request) {
        return JsonApi.intQuery(request, "offset", 0, 0, SearchRequest.MAX_OFFSET);
    }

    private static int limit(ServerRequest request) {
        return JsonApi.intQuery(request, "limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
    }

    private static List<String> list(ServerRequest request, String name) {
        return JsonApi.query(request, name).map(List::of).orElse(List.of());
    }

    static String layer(String where, String value) {
        if (Layer.byId(value).isEmpty()) {
            throw ApiException.badRequest(where + " is not a layer; use one of "
                    + Arrays.stream(Layer.values()).map(Layer::id).collect(Collectors.joining(", ")));
        }
        return value;
    }

    static String state(String where, String value) {
        if (Arrays.stream(PackState.values()).noneMatch(s -> s.id().equals(value))) {
            throw ApiException.badRequest(where + " is not a pack state; use one of "
                    + Arrays.stream(PackState.values()).map(PackState::id).collect(Collectors.joining(", ")));
        }
        return value;
    }

    static boolean fips(String where, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.badRequest(where + " must be true or false");
        }
        return Boolean.parseBoolean(value);
    }
}
