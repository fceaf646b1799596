package dev.packyard.registry.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.packs.Problem;
import dev.packyard.registry.http.ApiException;
import dev.packyard.registry.http.JsonApi;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.PullPolicy;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.resolver.Change;
import dev.packyard.resolver.PackSource;
import dev.packyard.resolver.Resolution;
import dev.packyard.resolver.ResolutionException;
import dev.packyard.resolver.Resolver;
import dev.packyard.resolver.lock.Lock;
import dev.packyard.resolver.lock.LockedLayer;
import dev.packyard.resolver.profile.Profile;
import dev.packyard.resolver.profile.ProfileRead;
import dev.packyard.resolver.profile.ProfileReader;
import dev.packyard.registry.storage.StorageDriver;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profile resolution and storage under {@code /v1/profiles}: resolve or validate a profile sent in the request,
 * and store, list, export, import and delete profiles by name and version. Bad profiles and unsatisfiable ones are
 * answered with 422 and every problem, each with the field it concerns and how to fix it.
 */
public final class ProfileApi implements HttpService {

    /** Profiles are small documents; anything larger is refused before it is read. */
    private static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    /** {@code full}, {@code partial} or {@code none}: see {@link FipsCompliance}. */
    static final String FIPS_STATUS_HEADER = "Packyard-FIPS-Status";

    private final ProfileStore store;
    private final PackSource packs;
    private final PullPolicy pulls;
    private final boolean fipsMode;
    private final Resolver resolver = new Resolver();
    private final ObjectMapper json = JsonApi.json();
    private final YAMLMapper yaml = new YAMLMapper();

    /**
     * @param pulls    the registry's trust policies: a lock is refused when it would pin a pack that a pull would be
     *                 refused, so no one is handed a lock they cannot deploy
     * @param fipsMode a FIPS-mode registry refuses locks with packs not meant for FIPS clusters: infrastructure
     *                 always, add-ons unless the request says {@code ?allowNonFipsAddons=true}
     */
    public ProfileApi(StorageDriver storage, PackSource packs, PullPolicy pulls, boolean fipsMode) {
        this.store = new ProfileStore(storage);
        this.packs = packs;
        this.pulls = pulls;
        this.fipsMode = fipsMode;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/profiles/resolve", JsonApi.handler(this::resolve))
                .post("/v1/profiles/validate", JsonApi.handler(this::validate))
                .get("/v1/profiles", JsonApi.handler(this::list))
                .post("/v1/profiles", JsonApi.handler(this::importProfile))
                .get("/v1/profiles/{name}", JsonApi.handler(this::versions))
                .put("/v1/profiles/{name}/{version}", JsonApi.handler(this::put))
                .get("/v1/profiles/{name}/{version}", JsonApi.handler(this::export))
                .delete("/v1/profiles/{name}/{version}", JsonApi.handler(this::delete))
                .post("/v1/profiles/{name}/{version}/resolve", JsonApi.handler(this::resolveStored));
    }

    /**
     * Body: the profile document itself (YAML or JSON), or a JSON envelope {@code {"profile": <document or string>,
     * "lock": <previous lock>, "variables": {...}}}. Answers the lock (JSON, or YAML with {@code ?format=yaml}); with a
     * previous lock, {@code {"lock": ..., "changes": [...]}}.
     */
    private void resolve(ServerRequest request, ServerResponse response) throws IOException {
        Request parsed = request(request, body(request));
        answer(request, response, parsed, resolveOrRefuse(parsed));
    }

    private void resolveStored(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        String version = request.path().pathParameters().get("version");
        byte[] document = store.get(name, version).orElseThrow(() -> unknown(name, version));
        byte[] body = body(request);
        Request envelope = body.length == 0 ? new Request(new String(document, StandardCharsets.UTF_8), Optional.empty(),
                Map.of(), allowNonFipsAddons(request)) : request(request, body);
        Request parsed = new Request(new String(document, StandardCharsets.UTF_8), envelope.previousLock(),
                envelope.variables(), envelope.allowNonFipsAddons());
        answer(request, response, parsed, resolveOrRefuse(parsed));
    }

    private void validate(ServerRequest request, ServerResponse response) throws IOException {
        Request parsed = request(request, body(request));
        Resolved resolved = resolveOrRefuse(parsed);
        Resolution resolution = resolved.resolution();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("valid", true);
        List<Map<String, Object>> layers = new ArrayList<>();
        resolution.lock().layers().forEach(layer -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", layer.name());
            item.put("version", layer.version());
            item.put("warnings", layer.warnings());
            layers.add(item);
        });
        report.put("layers", layers);
        FipsCompliance fips = resolved.fips();
        Map<String, Object> fipsReport = new LinkedHashMap<>();
        fipsReport.put("status", fips.status().id());
        fipsReport.put("notFips", fips.notFips());
        report.put("fips", fipsReport);
        report.put("warnings", ProfileReader.read(parsed.profile()).report().warnings().stream().map(ProfileApi::problem).toList());
        JsonApi.send(response, 200, report);
    }

    private void list(ServerRequest request, ServerResponse response) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String name : store.names()) {
            items.add(Map.of("name", name, "versions", store.versions(name)));
        }
        JsonApi.send(response, 200, Map.of("items", items));
    }

    private void versions(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        List<String> versions = ProfileStore.NAME.matcher(name).matches() ? store.versions(name) : List.of();
        if (versions.isEmpty()) {
            throw ApiException.notFound("no profile named '" + name + "'; GET /v1/profiles lists the stored profiles");
        }
        JsonApi.send(response, 200, Map.of("name", name, "versions", versions));
    }

    /** Import: the document names itself; stored under its own name and version. */
    private void importProfile(ServerRequest request, ServerResponse response) throws IOException {
        byte[] document = body(request);
        Profile profile = readOrRefuse(new String(document, StandardCharsets.UTF_8));
        store(response, profile.name(), profile.version(), profile, document);
    }

    private void put(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        String version = request.path().pathParameters().get("version");
        byte[] document = body(request);
        Profile profile = readOrRefuse(new String(document, StandardCharsets.UTF_8));
        if (!profile.name().equals(name) || !profile.version().equals(version)) {
            throw ApiException.badRequest("the document is profile " + profile.name() + " " + profile.version()
                    + " but the URL says " + name + " " + version + "; PUT it to /v1/profiles/" + profile.name() + "/"
                    + profile.version());
        }
        store(response, name, version, profile, document);
    }

    private void store(ServerResponse response, String name, String version, Profile profile, byte[] document)
            throws IOException {
        if (!ProfileStore.NAME.matcher(name).matches()) {
            throw ApiException.badRequest("profile name '" + name + "' can't be stored: use lowercase letters, digits "
                    + "and '.', '_' or '-' inside (at most 128 characters)");
        }
        boolean replaced = store.put(name, version, document);
        response.header(HeaderNames.LOCATION, "/v1/profiles/" + name + "/" + version);
        JsonApi.send(response, replaced ? 200 : 201, Map.of("name", name, "version", version,
                "layers", profile.layers().size()));
    }

    /** Export: the stored document as JSON (a YAML document is converted; the structure is unchanged). */
    private void export(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        String version = request.path().pathParameters().get("version");
        byte[] document = ProfileStore.NAME.matcher(name).matches() ? store.get(name, version).orElseThrow(() -> unknown(name, version))
                : new byte[0];
        if (document.length == 0) {
            throw unknown(name, version);
        }
        JsonNode tree = yaml.readTree(document); // JSON is YAML, so one reader takes both
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "-" + version + ".json\"");
        JsonApi.send(response, 200, tree);
    }

    private void delete(ServerRequest request, ServerResponse response) throws IOException {
        String name = request.path().pathParameters().get("name");
        String version = request.path().pathParameters().get("version");
        if (!ProfileStore.NAME.matcher(name).matches() || !Profile.STRICT_SEMVER.matcher(version).matches()
                || !store.delete(name, version)) {
            throw unknown(name, version);
        }
        response.status(io.helidon.http.Status.NO_CONTENT_204);
        response.send();
    }

    /** A lock the registry stands behind, and how much of it is FIPS (worked out once, used by every answer). */
    private record Resolved(Resolution resolution, FipsCompliance fips) {
    }

    private Resolved resolveOrRefuse(Request request) throws IOException {
        Resolution resolution;
        try {
            Profile profile = ProfileReader.read(request.profile()).orElseThrow();
            resolution = request.previousLock().isPresent()
                    ? resolver.update(profile, packs, request.previousLock().get(), request.variables())
                    : new Resolution(resolver.resolve(profile, packs, request.variables()), List.of());
        } catch (ResolutionException e) {
            throw unprocessable(e.problems());
        }
        refuseUntrusted(resolution.lock());
        FipsCompliance fips = FipsCompliance.of(resolution.lock(), packs);
        refuseNonFips(fips, request.allowNonFipsAddons());
        return new Resolved(resolution, fips);
    }

    /** In FIPS mode: no infrastructure pack that is not FIPS, and add-ons only when the caller allows them. */
    private void refuseNonFips(FipsCompliance fips, boolean allowNonFipsAddons) {
        if (!fipsMode || fips.status() == FipsCompliance.Status.FULL) {
            return;
        }
        if (!fips.notFipsInfrastructure().isEmpty()) {
            throw new ApiException(422, "NOT_FIPS", "this registry runs in FIPS mode and the lock would pin "
                    + "infrastructure packs not meant for FIPS clusters (no fips: \"true\" annotation): "
                    + String.join(", ", fips.notFipsInfrastructure()) + ". Pick FIPS versions of them");
        }
        if (!allowNonFipsAddons) {
            throw new ApiException(422, "NOT_FIPS", "this registry runs in FIPS mode and the lock would pin add-on "
                    + "packs not meant for FIPS clusters: " + String.join(", ", fips.notFips())
                    + ". Pick FIPS versions, or resolve with ?allowNonFipsAddons=true to accept them");
        }
    }

    /** Refuses a lock that pins a pack the trust policies would not let anyone pull, naming each such pack. */
    private void refuseUntrusted(Lock lock) throws IOException {
        List<String> refused = new ArrayList<>();
        for (LockedLayer layer : lock.layers()) {
            if (layer.repository().isEmpty() || !RepositoryName.isValid(layer.repository().get())
                    || !(Digest.parse(layer.digest()) instanceof Digest.Valid digest)) {
                continue; // manifest layers and packs from elsewhere are not this registry's to vouch for
            }
            try {
                pulls.checkPull(new RepositoryName(layer.repository().get()), digest.digest());
            } catch (OciException e) {
                refused.add(layer.name() + " " + layer.version() + ": " + e.getMessage());
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiException(422, "UNTRUSTED", "the lock would pin " + refused.size() + " pack(s) that no "
                    + "trusted key signed, so pulling them would be refused: " + String.join("; ", refused)
                    + ". Sign them (POST /v1/signatures) or pick signed versions");
        }
    }

    private Profile readOrRefuse(String document) {
        ProfileRead read = ProfileReader.read(document);
        if (!read.report().valid() || read.profile().isEmpty()) {
            throw unprocessable(read.report().errors());
        }
        return read.profile().get();
    }

    private void answer(ServerRequest request, ServerResponse response, Request parsed, Resolved resolved) {
        Resolution resolution = resolved.resolution();
        boolean yamlWanted = JsonApi.query(request, "format").filter("yaml"::equals).isPresent();
        // The lock's format stays as it is; how much of it is FIPS travels beside it.
        response.header(FIPS_STATUS_HEADER, resolved.fips().status().id());
        if (parsed.previousLock().isPresent()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("lock", readTree(resolution.lock().toJson()));
            body.put("changes", resolution.changes().stream().map(ProfileApi::change).toList());
            JsonApi.send(response, 200, body);
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, yamlWanted ? "application/yaml" : "application/json");
        response.send((yamlWanted ? resolution.lock().toYaml() : resolution.lock().toJson()).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean allowNonFipsAddons(ServerRequest request) {
        return JsonApi.query(request, "allowNonFipsAddons").filter("true"::equals).isPresent();
    }

    private Request request(ServerRequest http, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode envelope = null;
        if (text.stripLeading().startsWith("{")) {
            try {
                envelope = json.readTree(text);
            } catch (IOException e) {
                envelope = null; // not JSON: the profile reader reports it with line and column
            }
        }
        if (envelope == null || !envelope.has("profile")) {
            return new Request(text, Optional.empty(), Map.of(), allowNonFipsAddons(http));
        }
        JsonNode profile = envelope.get("profile");
        String document = profile.isTextual() ? profile.textValue() : profile.toString();
        Optional<Lock> lock = Optional.empty();
        if (envelope.hasNonNull("lock")) {
            JsonNode node = envelope.get("lock");
            try {
                lock = Optional.of(Lock.parse(node.isTextual() ? node.textValue() : node.toString()));
            } catch (ResolutionException e) {
                throw unprocessable(e.problems());
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        envelope.path("variables").properties().forEach(entry -> variables.put(entry.getKey(),
                entry.getValue().isTextual() ? entry.getValue().textValue() : entry.getValue().toString()));
        return new Request(document, lock, variables, allowNonFipsAddons(http));
    }

    private static byte[] body(ServerRequest request) throws IOException {
        if (request.headers().contentLength().orElse(0) > MAX_DOCUMENT_BYTES) {
            throw new ApiException(413, "TOO_LARGE", "a profile document is at most " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (body.length > MAX_DOCUMENT_BYTES) {
                throw new ApiException(413, "TOO_LARGE", "a profile document is at most " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return body;
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("the lock did not serialize to JSON", e);
        }
    }

    /** 422 with every problem, each with the field it concerns, the rule and the fix. */
    private static ApiException unprocessable(List<Problem> problems) {
        return new ApiException(422, "UNPROCESSABLE", problems.isEmpty() ? "the profile can't be resolved"
                : problems.get(0).format(), problems.stream().map(ProfileApi::problem).toList());
    }

    private static ApiException unknown(String name, String version) {
        return ApiException.notFound("no profile " + name + " " + version + "; GET /v1/profiles lists the stored profiles");
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("message", problem.format());
        item.put("file", problem.file());
        item.put("field", problem.field());
        item.put("rule", problem.rule());
        item.put("fix", problem.fix());
        return item;
    }

    private static Map<String, Object> change(Change change) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("layer", change.layer());
        item.put("kind", change.kind().name().toLowerCase(java.util.Locale.ROOT));
        item.put("from", change.from().orElse(null));
        item.put("to", change.to().orElse(null));
        item.put("why", change.why());
        item.put("message", change.format());
        return item;
    }

    /** A profile request: the document, the lock it updates, and variable values. */
    private record Request(String profile, Optional<Lock> previousLock, Map<String, String> variables,
                           boolean allowNonFipsAddons) {
    }

}
