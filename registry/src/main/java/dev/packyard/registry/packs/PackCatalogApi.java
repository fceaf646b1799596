package dev.packyard.registry.packs;

import dev.packyard.packs.Layer;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackState;
import dev.packyard.packs.Preset;
import dev.packyard.packs.ValueSchema;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import dev.packyard.registry.oci.ManifestSignatures;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pack catalog JSON API under {@code /v1/packs} (documented in {@code /openapi}): list with filters and paging,
 * one pack with all its versions and train tags, one version with its full content, and a version's logo and readme.
 */
public final class PackCatalogApi implements HttpService {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final PackCatalog catalog;
    private final PackContents contents;
    private final ManifestSignatures signatures;

    PackCatalogApi(PackCatalog catalog, PackContents contents, ManifestSignatures signatures) {
        this.catalog = catalog;
        this.contents = contents;
        this.signatures = signatures;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/packs", JsonApi.handler(this::list))
                .get("/v1/packs/{name}", JsonApi.handler(this::pack))
                .get("/v1/packs/{name}/{version}", JsonApi.handler(this::version))
                .get("/v1/packs/{name}/{version}/logo", JsonApi.handler(this::logo))
                .get("/v1/packs/{name}/{version}/readme", JsonApi.handler(this::readme));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Predicate<PackCatalog.PackEntry> filter = filter(request);
        int offset = JsonApi.intQuery(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = JsonApi.intQuery(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<PackCatalog.PackEntry> matching = catalog.packs().stream().filter(filter).toList();
        List<Map<String, Object>> items = matching.stream().skip(offset).limit(limit).map(PackCatalogApi::summary).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        JsonApi.send(response, 200, body);
    }

    private void pack(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        List<PackCatalog.PackEntry> entries = catalog.pack(name);
        if (entries.isEmpty()) {
            throw ApiException.notFound("no pack named '" + name + "'; GET /v1/packs lists the packs there are");
        }
        PackCatalog.PackEntry main = entries.get(0);
        Map<String, Object> body = summary(main);
        List<Map<String, Object>> versions = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (PackCatalog.PackEntry entry : entries) {
            for (PackVersionRecord record : entry.versions()) {
                Map<String, Object> version = new LinkedHashMap<>();
                version.put("version", record.version());
                version.put("state", record.state());
                version.put("digest", record.digest());
                version.put("repository", record.repository());
                version.put("tags", entry.trainTagsOf(record.version()));
                version.put("pushedAt", record.pushedAt());
                version.put("signature", signature(record));
                versions.add(version);
            }
            entry.trains().forEach((tag, record) -> tags.putIfAbsent(tag, record.version()));
        }
        body.put("versions", versions);
        body.put("tags", tags);
        JsonApi.send(response, 200, body);
    }

    private void version(ServerRequest request, ServerResponse response) throws IOException {
        PackVersionRecord record = record(request);
        Pack pack = contents.of(record);
        String base = "/v1/packs/" + record.name() + "/" + record.version();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", record.name());
        body.put("version", record.version());
        body.put("displayName", record.displayName());
        body.put("layer", record.layer());
        body.put("state", record.state());
        body.put("fips", record.fips());
        body.put("repository", record.repository());
        body.put("reference", record.repository() + ":" + record.version());
        body.put("digest", record.digest());
        body.put("layerDigest", record.layerDigest());
        body.put("signature", signature(record));
        body.put("tags", catalog.pack(record.name()).stream()
                .filter(e -> e.repository().repository().value().equals(record.repository())).findFirst().orElseThrow()
                .trainTagsOf(record.version()));
        body.put("metadata", record.packJson());
        body.put("values", pack.values().text());
        body.put("presets", pack.presets().stream().map(PackCatalogApi::preset).toList());
        body.put("schema", pack.schema().stream().map(PackCatalogApi::schema).toList());
        body.put("readme", pack.readme().orElse(null));
        body.put("readmeUrl", pack.readme().isPresent() ? base + "/readme" : null);
        body.put("logoUrl", pack.logo().isPresent() ? base + "/logo" : null);
        JsonApi.send(response, 200, body);
    }

    private void logo(ServerRequest request, ServerResponse response) throws IOException {
        PackVersionRecord record = record(request);
        byte[] logo = contents.of(record).logo().orElseThrow(() -> ApiException.notFound(
                "pack " + record.name() + " " + record.version() + " has no logo.png"));
        response.header(HeaderNames.CONTENT_TYPE, "image/png");
        response.header(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
        response.send(logo);
    }

    private void readme(ServerRequest request, ServerResponse response) throws IOException {
        PackVersionRecord record = record(request);
        String readme = contents.of(record).readme().orElseThrow(() -> ApiException.notFound(
                "pack " + record.name() + " " + record.version() + " has no README.md"));
        response.header(HeaderNames.CONTENT_TYPE, "text/markdown; charset=utf-8");
        response.send(readme.getBytes(StandardCharsets.UTF_8));
    }

    private PackVersionRecord record(ServerRequest request) {
        String name = request.path().pathParameters().get("name");
        String version = request.path().pathParameters().get("version");
        List<PackCatalog.PackEntry> entries = catalog.pack(name);
        if (entries.isEmpty()) {
            throw ApiException.notFound("no pack named '" + name + "'; GET /v1/packs lists the packs there are");
        }
        return entries.stream().map(e -> e.version(version)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> ApiException.notFound("pack " + name + " has no version " + version + "; it has "
                        + entries.stream().flatMap(e -> e.versions().stream()).map(PackVersionRecord::version)
                        .collect(Collectors.joining(", "))));
    }

    private static Predicate<PackCatalog.PackEntry> filter(ServerRequest request) {
        Predicate<PackCatalog.PackEntry> filter = entry -> true;
        Optional<String> name = JsonApi.query(request, "name").map(n -> n.toLowerCase(Locale.ROOT));
        if (name.isPresent()) {
            filter = filter.and(e -> e.repository().name().contains(name.get())
                    || e.latest().displayName().toLowerCase(Locale.ROOT).contains(name.get()));
        }
        Optional<String> layer = JsonApi.query(request, "layer");
        if (layer.isPresent()) {
            if (Layer.byId(layer.get()).isEmpty()) {
                throw ApiException.badRequest("layer=" + layer.get() + " is not a layer; use one of "
                        + Arrays.stream(Layer.values()).map(Layer::id).collect(Collectors.joining(", ")));
            }
            filter = filter.and(e -> e.latest().layer().equals(layer.get()));
        }
        Optional<String> addonType = JsonApi.query(request, "addonType");
        if (addonType.isPresent()) {
            filter = filter.and(e -> addonType.get().equalsIgnoreCase(e.latest().addonType()));
        }
        Optional<String> cloudType = JsonApi.query(request, "cloudType");
        if (cloudType.isPresent()) {
            filter = filter.and(e -> e.latest().cloudTypes().contains(cloudType.get())
                    || e.latest().cloudTypes().contains("all"));
        }
        Optional<String> source = JsonApi.query(request, "source");
        if (source.isPresent()) {
            filter = filter.and(e -> source.get().equalsIgnoreCase(e.latest().source()));
        }
        Optional<String> state = JsonApi.query(request, "state");
        if (state.isPresent()) {
            if (Arrays.stream(PackState.values()).noneMatch(s -> s.id().equals(state.get()))) {
                throw ApiException.badRequest("state=" + state.get() + " is not a pack state; use one of "
                        + Arrays.stream(PackState.values()).map(PackState::id).collect(Collectors.joining(", ")));
            }
            filter = filter.and(e -> e.latest().state().equals(state.get()));
        }
        Optional<String> fips = JsonApi.query(request, "fips");
        if (fips.isPresent()) {
            if (!fips.get().equals("true") && !fips.get().equals("false")) {
                throw ApiException.badRequest("fips=" + fips.get() + " must be true or false");
            }
            filter = filter.and(e -> e.latest().fips() == Boolean.parseBoolean(fips.get()));
        }
        Optional<String> registry = JsonApi.query(request, "registry");
        if (registry.isPresent()) {
            filter = filter.and(e -> e.repository().base().equals(registry.get()));
        }
        return filter;
    }

    /** {@code {"signed", "verified", "verifiedBy"}}, or null when it cannot be told. */
    private ManifestSignatures.Status signature(PackVersionRecord record) throws IOException {
        return signatures.of(record.repository(), record.digest()).orElse(null);
    }

    private static Map<String, Object> summary(PackCatalog.PackEntry entry) {
        PackVersionRecord latest = entry.latest();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", entry.repository().name());
        item.put("displayName", latest.displayName());
        item.put("layer", latest.layer());
        item.put("addonType", latest.addonType());
        item.put("addonSubType", latest.addonSubType());
        item.put("cloudTypes", latest.cloudTypes());
        item.put("latestVersion", latest.version());
        item.put("versions", entry.versions().stream().map(PackVersionRecord::version).toList());
        item.put("state", latest.state());
        item.put("source", latest.source());
        item.put("fips", latest.fips());
        item.put("registry", entry.repository().base());
        item.put("repository", entry.repository().repository().value());
        item.put("logoUrl", "/v1/packs/" + entry.repository().name() + "/" + latest.version() + "/logo");
        return item;
    }

    private static Map<String, Object> preset(Preset preset) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", preset.name());
        map.put("displayName", preset.displayName());
        map.put("group", preset.group());
        map.put("remove", preset.remove());
        map.put("add", preset.add());
        return map;
    }

    private static Map<String, Object> schema(ValueSchema schema) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", schema.path());
        map.put("required", schema.required());
        map.put("readonly", schema.readonly());
        map.put("format", schema.format().orElse(null));
        map.put("hints", schema.hints());
        map.put("template", schema.template());
        return map;
    }

}
