package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.packs.PackFiles;
import dev.packyard.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.packyard.registry.search.SearchFixtures.q;
import static dev.packyard.registry.search.SearchFixtures.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/search} and {@code POST /v1/packs/search} over the built-in catalog (15 packs, their charts in the
 * Helm repository spectro-packs) and the 13 pack-central fixture packs: relevance, filters, facets, following pushes
 * and deletes at once, and refusals of bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest {

    private TestRegistry registry;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        registry = new TestRegistry(data, true);
        try (Stream<Path> packs = Files.list(SearchFixtures.PACK_CENTRAL)) {
            for (Path folder : packs.sorted().toList()) {
                HttpResponse<String> pushed = SearchFixtures.pushPack(registry, PackFiles.readFolder(folder));
                assertEquals(201, pushed.statusCode(), folder + ": " + pushed.body());
            }
        }
        SearchFixtures.awaitIndex(registry);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private static List<String> names(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.path("hits").forEach(hit -> names.add(hit.path("type").asText() + ":" + hit.path("name").asText()));
        return names;
    }

    @Test
    void aNameFindsItsPackFirst() throws Exception {
        JsonNode result = search(registry, q("cilium"));
        JsonNode first = result.path("hits").get(0);
        assertEquals("cni-cilium", first.path("name").asText(), names(result).toString());
        assertEquals("pack", first.path("type").asText());
        assertEquals("spectro-packs/archive/cni-cilium", first.path("repository").asText());
        assertEquals("1.16.3", first.path("latestVersion").asText());
        assertEquals("1.16.3", first.path("versions").get(0).asText(), "versions newest first");
        assertTrue(first.path("matched").toString().contains("name"), first.toString());
        assertTrue(first.path("snippet").asText().contains("<em>"), first.toString());
        assertFalse(first.path("snippet").asText().contains("&#x2F;"), "a URL in a snippet stays readable: " + first);
        assertEquals("cni", first.path("layer").asText());
    }

    @Test
    void aPrefixFindsTheName() throws Exception {
        JsonNode result = search(registry, q("cert"));
        assertEquals("cert-manager", result.path("hits").get(0).path("name").asText(), names(result).toString());
    }

    @Test
    void typosAreForgiven() throws Exception {
        assertTrue(names(search(registry, q("promethus"))).contains("pack:kube-prometheus-stack"));
        assertTrue(names(search(registry, q("promethus"))).contains("chart:kube-prometheus-stack"),
                "the chart of the pack, in Helm repository spectro-packs");
        JsonNode typo = search(registry, q("ciliun")).path("hits").get(0);
        assertEquals("cni-cilium", typo.path("name").asText());
        assertTrue(typo.path("snippet").asText().contains("<em>"), "a fuzzy match is highlighted too: " + typo);
    }

    @Test
    void aWordOnlyOneReadmeHasFindsThatPack() throws Exception {
        JsonNode result = search(registry, q("imagepublisher"));
        assertEquals(List.of("pack:ubuntu"), names(result));
        JsonNode hit = result.path("hits").get(0);
        assertTrue(hit.path("matched").toString().contains("readme"), hit.toString());
        String snippet = hit.path("snippet").asText();
        assertTrue(snippet.toLowerCase().contains("<em>imagepublisher</em>"), hit.toString());
        assertFalse(snippet.contains("\n") || snippet.startsWith("#"), "one line of prose: " + snippet);
    }

    @Test
    void anExactNameRanksAboveReadmeMentions() throws Exception {
        JsonNode result = search(registry, q("kubernetes"));
        assertEquals("pack:kubernetes", names(result).get(0), names(result).toString());
        assertTrue(result.path("total").asInt() > 5, "many READMEs mention kubernetes");
    }

    @Test
    void deprecatedPacksSinkButStay() throws Exception {
        // Two packs alike but for the name and the state; by name alone the deprecated one would come first.
        PackFiles hello = PackFiles.readFolder(SearchFixtures.PACK_CENTRAL.resolve("hello-universe-1.3.1"));
        SortedMap<String, byte[]> files = new TreeMap<>(hello.files());
        files.put("pack.json", new String(files.get("pack.json"), StandardCharsets.UTF_8)
                .replace("\"hello-universe\"", "\"hello-deprecated\"")
                .replace("\"source\": \"community\",", "\"source\": \"community\", \"system_state\": \"deprecated\",")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> pushed = SearchFixtures.pushPack(registry, new PackFiles(files));
        assertEquals(201, pushed.statusCode(), pushed.body());

        List<String> names = names(search(registry, q("hello")));
        assertTrue(names.indexOf("pack:hello-universe") < names.indexOf("pack:hello-deprecated"), names.toString());
        assertTrue(names.contains("pack:hello-deprecated"), "sinks, not hidden: " + names);
        JsonNode deprecated = search(registry, "state=deprecated");
        assertEquals(List.of("pack:hello-deprecated"), names(deprecated));
        assertEquals("deprecated", deprecated.path("hits").get(0).path("state").asText());
    }

    @Test
    void filtersAndFacetsCountPacksAndCharts() throws Exception {
        int addonPacks = registry.getJson("/v1/packs?layer=addon&limit=500").path("total").asInt();
        int allPacks = registry.getJson("/v1/packs?limit=500").path("total").asInt();
        JsonNode addons = search(registry, "layer=addon&limit=100");
        assertEquals(addonPacks, addons.path("total").asInt());
        assertEquals(addonPacks, addons.path("facets").path("layer").path("addon").asInt());
        addons.path("hits").forEach(hit -> assertEquals("addon", hit.path("layer").asText(), hit.toString()));

        JsonNode all = search(registry, "limit=100");
        assertEquals(allPacks, all.path("facets").path("type").path("pack").asInt());
        int charts = all.path("facets").path("type").path("chart").asInt();
        assertTrue(charts >= 8, "the charts of the Helm-based built-in packs: " + all.path("facets"));
        assertEquals(allPacks + charts, all.path("total").asInt());
        List<String> sorted = new ArrayList<>();
        all.path("hits").forEach(hit -> sorted.add(hit.path("name").asText()));
        assertEquals(sorted.stream().sorted().toList(), sorted, "no text: sorted by name");

        JsonNode chartsOnly = search(registry, "type=chart&limit=100");
        assertEquals(charts, chartsOnly.path("total").asInt());
        assertEquals(1, chartsOnly.path("facets").path("type").size());

        JsonNode paged = search(registry, "offset=2&limit=3");
        assertEquals(3, paged.path("hits").size());
        assertEquals(all.path("hits").get(2).path("name").asText(), paged.path("hits").get(0).path("name").asText());

        JsonNode aws = search(registry, "cloudType=aws&limit=100");
        aws.path("hits").forEach(hit -> assertTrue(hit.path("cloudTypes").toString().contains("aws")
                || hit.path("cloudTypes").toString().contains("all"), hit.toString()));
        assertEquals(0, search(registry, "fips=true&type=chart").path("total").asInt());
    }

    @Test
    void anUploadedChartIsFoundByItsKeywordAtOnce() throws Exception {
        byte[] chart = SearchFixtures.chart("zoo-keeper", "0.1.0", "Keeps the animals fed", "quetzalcoatl");
        HttpResponse<String> saved = registry.post("/api/zoo/charts", "application/gzip", chart);
        assertEquals(201, saved.statusCode(), saved.body());
        JsonNode result = search(registry, q("quetzalcoatl"));
        assertEquals(List.of("chart:zoo-keeper"), names(result));
        JsonNode hit = result.path("hits").get(0);
        assertEquals("zoo", hit.path("repository").asText());
        assertEquals("0.1.0", hit.path("latestVersion").asText());
        assertTrue(hit.path("matched").toString().contains("keywords"), hit.toString());

        assertEquals(201, registry.post("/api/zoo/charts", "application/gzip",
                SearchFixtures.chart("zoo-keeper", "0.2.0", "Keeps the animals fed", "quetzalcoatl")).statusCode());
        JsonNode updated = search(registry, q("quetzalcoatl")).path("hits").get(0);
        assertEquals("[\"0.2.0\",\"0.1.0\"]", updated.path("versions").toString());

        assertEquals(200, registry.delete("/api/zoo/charts/zoo-keeper/0.2.0").statusCode());
        assertEquals(200, registry.delete("/api/zoo/charts/zoo-keeper/0.1.0").statusCode());
        assertEquals(0, search(registry, q("quetzalcoatl")).path("total").asInt());
    }

    /** Pushes pack-central's hello-universe under another {@code name}, with {@code readme} as its README's text. */
    private HttpResponse<String> pushHelloPack(String name, String readme) throws Exception {
        PackFiles hello = PackFiles.readFolder(SearchFixtures.PACK_CENTRAL.resolve("hello-universe-1.3.1"));
        SortedMap<String, byte[]> files = new TreeMap<>(hello.files());
        files.put("pack.json", new String(files.get("pack.json"), StandardCharsets.UTF_8)
                .replace("\"hello-universe\"", "\"" + name + "\"").getBytes(StandardCharsets.UTF_8));
        files.put("README.md", ("# Hello\n\n" + readme + "\n").getBytes(StandardCharsets.UTF_8));
        return SearchFixtures.pushPack(registry, new PackFiles(files));
    }

    @Test
    void aPushedPackIsFoundAtOnceAndGoneWhenDeleted() throws Exception {
        HttpResponse<String> pushed = pushHelloPack("hello-axolotl", "The axolotl regrows its limbs.");
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertEquals(List.of("pack:hello-axolotl"), names(search(registry, q("axolotl"))));

        String digest = pushed.headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertEquals(202, registry.delete("/v2/spectro-packs/archive/hello-axolotl/manifests/" + digest).statusCode());
        assertEquals(0, search(registry, q("axolotl")).path("total").asInt());
    }

    @Test
    void eachHitShowsWhetherTheVersionItShowsIsSigned() throws Exception {
        HttpResponse<String> pushed = pushHelloPack("hello-pangolin", "The pangolin rolls into a ball.");
        assertEquals(201, pushed.statusCode(), pushed.body());
        String packManifest = "spectro-packs/archive/hello-pangolin@"
                + pushed.headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertEquals(201, registry.post("/api/zoo-signed/charts", "application/gzip",
                SearchFixtures.chart("pangolin-keeper", "0.1.0", "Keeps pangolins", "pangolin")).statusCode());

        JsonNode unsigned = search(registry, q("pangolin"));
        assertEquals(2, unsigned.path("total").asInt(), unsigned.toString());
        String chartManifest = null;
        for (JsonNode hit : unsigned.path("hits")) {
            assertEquals("{\"signed\":false,\"verified\":false,\"verifiedBy\":[]}", hit.path("signature").toString(),
                    hit.toString());
            if (hit.path("type").asText().equals("chart")) {
                chartManifest = hit.path("latestManifest").asText();
            } else {
                assertEquals(packManifest, hit.path("latestManifest").asText(), hit.toString());
            }
        }
        assertTrue(chartManifest != null && chartManifest.startsWith("zoo-signed/pangolin-keeper@sha256:"),
                unsigned.toString());

        for (String manifest : List.of(packManifest, chartManifest)) {
            HttpResponse<String> signed = registry.post("/v1/signatures", "application/json",
                    ("{\"reference\": \"" + manifest + "\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(201, signed.statusCode(), signed.body());
        }
        for (JsonNode hit : search(registry, q("pangolin")).path("hits")) {
            assertEquals("{\"signed\":true,\"verified\":true,\"verifiedBy\":[\"registry\"]}",
                    hit.path("signature").toString(), hit.toString());
        }
        JsonNode palette = registry.json(registry.post("/v1/packs/search", "application/json",
                "{\"filter\": {\"name\": {\"contains\": \"pangolin\"}}}".getBytes(StandardCharsets.UTF_8)).body());
        assertEquals("[true]", palette.path("items").findValues("signature").stream()
                .map(s -> s.path("verified").asBoolean()).toList().toString(), palette.toString());

        // A new version shows up unsigned: the status is that of the version the hit shows.
        assertEquals(201, registry.post("/api/zoo-signed/charts", "application/gzip",
                SearchFixtures.chart("pangolin-keeper", "0.2.0", "Keeps pangolins", "pangolin")).statusCode());
        JsonNode newer = search(registry, q("pangolin") + "&type=chart").path("hits").get(0);
        assertEquals("0.2.0", newer.path("latestVersion").asText());
        assertFalse(newer.path("signature").path("signed").asBoolean(), newer.toString());
    }

    @Test
    void badInputIsA400() throws Exception {
        for (String query : List.of(q("\"unbalanced"), q("foo AND ("), q("x".repeat(1001)), "offset=-1", "limit=0",
                "limit=101", "type=plugin", "state=gone", "fips=maybe", "layer=network", q("*leading"), "offset=x")) {
            HttpResponse<String> response = registry.get("/v1/search?" + query);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            JsonNode error = registry.json(response.body()).path("errors").get(0);
            assertEquals("INVALID_REQUEST", error.path("code").asText());
            assertFalse(error.path("message").asText().isBlank());
        }
        JsonNode syntax = registry.json(registry.get("/v1/search?" + q("\"unbalanced")).body());
        assertTrue(syntax.path("errors").get(0).path("message").asText().contains("column"), syntax.toString());
    }

    @Test
    void paletteSearchFiltersAndSorts() throws Exception {
        String body = """
                {"filter": {"name": {"contains": "cert"}, "type": ["addon"], "environment": ["aws"]},
                 "sort": [{"field": "name", "order": "asc"}]}""";
        HttpResponse<String> response = registry.post("/v1/packs/search?limit=10", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = registry.json(response.body());
        assertEquals("cert-manager", result.path("items").get(0).path("name").asText(), result.toString());
        assertEquals("pack", result.path("items").get(0).path("type").asText());
        assertEquals(result.path("items").size(), result.path("listmeta").path("count").asInt());
        assertEquals(10, result.path("listmeta").path("limit").asInt());

        HttpResponse<String> all = registry.post("/v1/packs/search?limit=100", "application/json",
                "{\"sort\": [{\"field\": \"name\", \"order\": \"desc\"}]}".getBytes(StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        registry.json(all.body()).path("items").forEach(item -> names.add(item.path("name").asText()));
        assertEquals(names.stream().sorted(java.util.Comparator.reverseOrder()).toList(), names);
        assertEquals(registry.getJson("/v1/packs?limit=500").path("total").asInt(), names.size());

        HttpResponse<String> eq = registry.post("/v1/packs/search", "application/json",
                "{\"filter\": {\"name\": {\"eq\": \"Kubernetes\"}}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, registry.json(eq.body()).path("listmeta").path("count").asInt(), eq.body());
    }

    @Test
    void paletteSearchRefusesUnknownKeysAndBadJson() throws Exception {
        HttpResponse<String> unknown = registry.post("/v1/packs/search", "application/json",
                "{\"filter\": {\"colour\": \"blue\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("colour"), unknown.body());
        HttpResponse<String> malformed = registry.post("/v1/packs/search", "application/json",
                "{\"filter\": ".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.statusCode(), malformed.body());
        HttpResponse<String> badLayer = registry.post("/v1/packs/search", "application/json",
                "{\"filter\": {\"type\": [\"network\"]}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, badLayer.statusCode(), badLayer.body());
        HttpResponse<String> badSort = registry.post("/v1/packs/search", "application/json",
                "{\"sort\": [{\"field\": \"size\"}]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, badSort.statusCode(), badSort.body());
    }
}
