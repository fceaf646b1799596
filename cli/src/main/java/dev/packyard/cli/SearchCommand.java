package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.cli.Failures.HttpStatusException;
import dev.packyard.cli.RegistryClient.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packyard search QUERY}: full-text search over the registry's packs and Helm charts ({@code GET /v1/search}). */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Search the registry's packs and Helm charts.",
                "One line per hit: type, name, latest version, layer (packs) or repository (charts) and where it "
                        + "matched; then the counts by facet and which page this is. Without QUERY: everything the "
                        + "filters select, with the facet counts."})
public final class SearchCommand implements Callable<Integer> {

    static final String PATH = "/v1/search";
    /** The widest snippet shown, in characters. */
    static final int SNIPPET_WIDTH = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOLD = "\u001b[1m";
    private static final String PLAIN = "\u001b[0m";
    /** The facets printed under the table, in this order, with the label printed for each. */
    private static final Map<String, String> FACETS = facets();

    /** What a hit is. */
    enum Kind { pack, chart }

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
            description = "Words to look for (names, display names, descriptions, keywords); typos are tolerated.")
    String query;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Only packs or only charts: ${COMPLETION-CANDIDATES}.")
    Kind type;

    @Option(names = {"-l", "--layer"}, paramLabel = "LAYER", description = "Only packs of this layer (kernel, os, k8s, cni, csi, addon).")
    String layer;

    @Option(names = "--addon-type", paramLabel = "TYPE", description = "Only add-on packs of this type (monitoring, logging, ...).")
    String addonType;

    @Option(names = "--cloud-type", paramLabel = "CLOUD", description = "Only packs for this cloud type (aws, azure, ...).")
    String cloudType;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Only packs of this source (spectrocloud, community, ...).")
    String source;

    @Option(names = "--state", paramLabel = "STATE", description = "Only packs in this state (e.g. deprecated).")
    String state;

    @Option(names = "--fips", description = "Only FIPS-compliant packs.")
    boolean fips;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Hits per page (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Hits to skip, for the next pages (default ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--json", description = "Print the registry's JSON answer as it is.")
    boolean json;

    /** One hit as printed. */
    record Hit(String type, String name, String latestVersion, String signed, String where, String snippet) {
    }

    /** One value of a facet and how many hits have it. */
    record Count(String value, long count) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String pathAndQuery = pathAndQuery();
        try (RegistryClient client = registry.client(root.environment())) {
            byte[] body = fetch(client, pathAndQuery);
            if (json) {
                String text = PackManifest.utf8(body);
                out.print(text.endsWith("\n") ? text : text + System.lineSeparator());
                out.flush();
                return 0;
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(body);
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null || !answer.path("hits").isArray()) {
                throw new CliException("GET " + client.target().display() + PATH + " did not answer a search result;"
                        + " is " + client.target().display() + " a Packyard server?");
            }
            boolean bold = stdoutIsTerminal(root.environment());
            format(answer, query, bold).forEach(out::println);
            out.flush();
            return 0;
        }
    }

    /** The request: {@code /v1/search?q=...} with the filters given. */
    String pathAndQuery() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", query == null ? "" : query.strip());
        if (type != null) {
            params.put("type", type.name());
        }
        put(params, "layer", layer);
        put(params, "addonType", addonType);
        put(params, "cloudType", cloudType);
        put(params, "source", source);
        put(params, "state", state);
        if (fips) {
            params.put("fips", "true");
        }
        params.put("offset", Integer.toString(offset));
        params.put("limit", Integer.toString(limit));
        StringBuilder path = new StringBuilder(PATH);
        char separator = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            path.append(separator).append(param.getKey()).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            separator = '&';
        }
        return path.toString();
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.put(name, value.strip());
        }
    }

    /** The answer's body, or a CliException with one sentence saying why there is none. */
    private byte[] fetch(RegistryClient client, String pathAndQuery) {
        Response response;
        try {
            response = client.send("GET", pathAndQuery, null, Map.of("Accept", "application/json"));
        } catch (Exception e) {
            Failures.trace(e, spec.commandLine().getErr(), root.environment());
            throw new CliException("cannot search: " + Failures.describe(e, client.target(), client.authenticated()));
        }
        if (response.ok()) {
            return response.body();
        }
        ServerErrors errors = ServerErrors.parse(response.body());
        if (response.status() == 400 && !errors.isEmpty()) {
            // The registry refused the query or a filter: its own words are the most useful message.
            throw new CliException("search refused: " + String.join("; ", errors.errors().stream()
                    .map(e -> e.message().isEmpty() ? e.code() : e.message()).toList()));
        }
        if (response.status() == 404) {
            throw new CliException(client.target().display() + " has no search (GET " + PATH + " answered 404);"
                    + " is it a Packyard server of a version with search?");
        }
        HttpStatusException failure = new HttpStatusException(response.status(), "cannot search (GET " + PATH + ")",
                errors.summary());
        throw new CliException("cannot search: " + Failures.describe(failure, client.target(), client.authenticated()));
    }

    /** True when stdout is a terminal (the launcher tells with {@code -Dpackyard.stdout.tty}) and NO_COLOR is unset. */
    static boolean stdoutIsTerminal(CliEnvironment environment) {
        String noColor = environment.env().get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return Boolean.parseBoolean(System.getProperty("packyard.stdout.tty", "false"));
    }

    // ---------------------------------------------------------------- formatting

    /** The lines printed for a search answer: the table (or a sentence when nothing matched), facets, paging. */
    static List<String> format(JsonNode answer, String query, boolean bold) {
        List<Hit> hits = new ArrayList<>();
        for (JsonNode hit : answer.path("hits")) {
            hits.add(hit(hit, bold));
        }
        long total = answer.path("total").asLong(hits.size());
        long offset = answer.path("offset").asLong(0);
        List<String> lines = new ArrayList<>();
        if (hits.isEmpty()) {
            String what = query == null || query.isBlank() ? "nothing matches" : "no matches for '" + Table.clean(query.strip()) + "'";
            lines.add(total > 0 ? what + " at --offset " + offset + " (" + total + " in all)" : what);
            return lines;
        }
        List<List<String>> cells = hits.stream()
                .map(h -> List.of(h.type(), h.name(), h.latestVersion(), h.signed(), h.where(), h.snippet()))
                .toList();
        lines.addAll(Table.render(List.of("TYPE", "NAME", "LATEST", "SIGNED", "LAYER/REPOSITORY", "MATCH"), cells));
        lines.add("");
        lines.addAll(facetLines(answer.path("facets")));
        lines.add(paging(offset, hits.size(), total));
        return lines;
    }

    static Hit hit(JsonNode hit, boolean bold) {
        String type = Table.clean(hit.path("type").asText(""));
        String where;
        if (type.equals("chart")) {
            where = Table.clean(hit.path("repository").asText(""));
        } else {
            where = Table.clean(hit.path("layer").asText(""));
            String addon = Table.clean(hit.path("addonType").asText(""));
            if (!addon.isEmpty()) {
                where += "/" + addon;
            }
        }
        String snippet = hit.path("snippet").asText("");
        if (snippet.isBlank()) {
            snippet = hit.path("description").asText("");
        }
        return new Hit(type, Table.clean(hit.path("name").asText("")), Table.clean(hit.path("latestVersion").asText("")),
                signed(hit.path("signature")), where, snippet(snippet, SNIPPET_WIDTH, bold));
    }

    /**
     * Who signed the latest version: the trusted keys that verified it, {@code untrusted} when it is signed but no
     * trusted key verifies it, {@code no} when unsigned, empty when the registry does not say.
     */
    static String signed(JsonNode signature) {
        if (!signature.isObject()) {
            return "";
        }
        if (signature.path("verified").asBoolean()) {
            List<String> keys = new ArrayList<>();
            signature.path("verifiedBy").forEach(key -> keys.add(Table.clean(key.asText())));
            return String.join(",", keys);
        }
        return signature.path("signed").asBoolean() ? "untrusted" : "no";
    }

    /**
     * A snippet for the terminal: {@code <em>word</em>} becomes bold ({@code bold}) or {@code *word*}, entities are
     * decoded, any other tag is dropped, white space is collapsed, control characters are neutralised, and the text is
     * cut to {@code width} visible characters.
     */
    static String snippet(String html, int width, boolean bold) {
        StringBuilder out = new StringBuilder();
        int visible = 0;
        boolean emphasis = false;
        boolean lastSpace = true;
        String text = Table.clean(html.replaceAll("\\s+", " ").strip());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<') {
                int end = text.indexOf('>', i);
                if (end > 0) {
                    String tag = text.substring(i + 1, end).strip().toLowerCase(java.util.Locale.ROOT);
                    if (tag.equals("em") || tag.equals("b") || tag.equals("mark")) {
                        if (!emphasis) {
                            out.append(bold ? BOLD : "*");
                            visible += bold ? 0 : 1;
                            emphasis = true;
                        }
                    } else if (tag.equals("/em") || tag.equals("/b") || tag.equals("/mark")) {
                        if (emphasis) {
                            out.append(bold ? PLAIN : "*");
                            visible += bold ? 0 : 1;
                            emphasis = false;
                        }
                    }
                    i = end + 1;
                    continue;
                }
            }
            String decoded = String.valueOf(c);
            if (c == '&') {
                int end = text.indexOf(';', i);
                if (end > i && end - i <= 6) {
                    String entity = text.substring(i, end + 1);
                    String replacement = switch (entity) {
                        case "&lt;" -> "<";
                        case "&gt;" -> ">";
                        case "&amp;" -> "&";
                        case "&quot;" -> "\"";
                        case "&#39;", "&#x27;", "&apos;" -> "'";
                        default -> null;
                    };
                    if (replacement != null) {
                        decoded = replacement;
                        i = end;
                    }
                }
            }
            i++;
            if (decoded.equals(" ") && lastSpace) {
                continue;
            }
            if (visible >= width - 1 && i < text.length()) {
                out.append('…');
                break;
            }
            out.append(decoded);
            visible++;
            lastSpace = decoded.equals(" ");
        }
        if (emphasis) {
            out.append(bold ? PLAIN : "*");
        }
        return out.toString().stripTrailing();
    }

    /** {@code layer: addon 9, csi 2}, one line per facet the answer has values for. */
    static List<String> facetLines(JsonNode facets) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> facet : FACETS.entrySet()) {
            List<Count> counts = counts(facets.path(facet.getKey()));
            if (!counts.isEmpty()) {
                lines.add(facet.getValue() + ": " + String.join(", ",
                        counts.stream().map(c -> c.value() + " " + c.count()).toList()));
            }
        }
        return lines;
    }

    /** The counts of one facet, {@code {"addon": 9, "csi": 2}} or {@code [{"value","count"}]}, in the server's order. */
    static List<Count> counts(JsonNode facet) {
        List<Count> counts = new ArrayList<>();
        if (facet.isObject()) {
            facet.properties().forEach(e -> counts.add(new Count(Table.clean(e.getKey()), e.getValue().asLong())));
        } else if (facet.isArray()) {
            for (JsonNode entry : facet) {
                counts.add(new Count(Table.clean(entry.path("value").asText(entry.path("name").asText(""))),
                        entry.path("count").asLong()));
            }
        }
        return counts;
    }

    /** {@code 20 of 57; next page: --offset 20}. */
    static String paging(long offset, int shown, long total) {
        String range = offset == 0 ? shown + " of " + total
                : (offset + 1) + "-" + (offset + shown) + " of " + total;
        return offset + shown < total ? range + "; next page: --offset " + (offset + shown) : range;
    }

    private static Map<String, String> facets() {
        Map<String, String> facets = new LinkedHashMap<>();
        facets.put("type", "type");
        facets.put("layer", "layer");
        facets.put("addonType", "add-on type");
        facets.put("cloudType", "cloud type");
        return facets;
    }
}
