package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code packyard search} against {@link FakeRegistry}'s canned {@code /v1/search} answers. */
class SearchCommandTest {

    static final String NL = System.lineSeparator();

    /** An answer as the registry gives it: two hits of 57, facets. */
    static final String ANSWER = """
            {"total":57,"offset":0,"limit":2,
             "hits":[
               {"type":"pack","name":"cni-cilium","displayName":"Cilium","repository":"","latestVersion":"1.16.3",
                "versions":["1.16.3","1.15.10"],"layer":"cni","addonType":"","cloudTypes":["all"],"state":"",
                "fips":false,"description":"eBPF-based networking",
                "signature":{"signed":true,"verified":true,"verifiedBy":["registry"]},
                "snippet":"<em>Cilium</em>: eBPF-based networking, security &amp; observability","matched":["name"],
                "score":12.5},
               {"type":"chart","name":"cilium","displayName":"cilium","repository":"stable","latestVersion":"1.16.3",
                "versions":["1.16.3"],"layer":"","addonType":"","cloudTypes":[],"state":"","fips":false,
                "description":"eBPF networking","signature":{"signed":false,"verified":false,"verifiedBy":[]},
                "snippet":"the <em>cilium</em> chart","matched":["name"],"score":9}],
             "facets":{"type":{"pack":40,"chart":17},"layer":{"addon":30,"cni":10},"addonType":{},"cloudType":{"all":38,"aws":2}}}""";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
        }
    }

    Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PackyardCli.commandLine(new CliEnvironment(env, tmp.resolve("home"),
                new ByteArrayInputStream(new byte[0]), false, Optional.empty()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    Run runAgainst(FakeRegistry registry, String... args) {
        return run(Map.of("PACKYARD_REGISTRY", registry.url()), args);
    }

    @Test
    void printsATableFacetsAndThePagingHint() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/search?q=cilium&offset=0&limit=2", FakeRegistry.Answer.json(200, ANSWER));
            Run run = runAgainst(registry, "search", "cilium", "--limit", "2");
            assertEquals(0, run.exit(), run.err());
            assertEquals(List.of(
                    "TYPE   NAME        LATEST  SIGNED    LAYER/REPOSITORY  MATCH",
                    "pack   cni-cilium  1.16.3  registry  cni               *Cilium*: eBPF-based networking, security & observability",
                    "chart  cilium      1.16.3  no        stable            the *cilium* chart",
                    "",
                    "type: pack 40, chart 17",
                    "layer: addon 30, cni 10",
                    "cloud type: all 38, aws 2",
                    "2 of 57; next page: --offset 2"), run.outLines());
            assertEquals("", run.err());
        }
    }

    @Test
    void sendsEveryFilterEncoded() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            String path = "/v1/search?q=cert%20manager&type=pack&layer=addon&addonType=security&cloudType=aws"
                    + "&source=community&state=deprecated&fips=true&offset=40&limit=20";
            registry.canned.put(path, FakeRegistry.Answer.json(200,
                    "{\"total\":41,\"offset\":40,\"limit\":20,\"hits\":[{\"type\":\"pack\",\"name\":\"cert-manager\","
                            + "\"latestVersion\":\"1.15.0\",\"layer\":\"addon\",\"addonType\":\"security\","
                            + "\"snippet\":\"<em>cert</em>-<em>manager</em>\"}],\"facets\":{}}"));
            Run run = runAgainst(registry, "search", "cert manager", "--type", "pack", "--layer", "addon",
                    "--addon-type", "security", "--cloud-type", "aws", "--source", "community", "--state", "deprecated",
                    "--fips", "--offset", "40");
            assertEquals(0, run.exit(), run.err() + registry.requests);
            assertEquals(List.of(
                    "TYPE  NAME          LATEST  SIGNED  LAYER/REPOSITORY  MATCH",
                    "pack  cert-manager  1.15.0          addon/security    *cert*-*manager*",
                    "",
                    "41-41 of 41"), run.outLines());
        }
    }

    @Test
    void jsonPrintsTheRegistrysAnswer() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/search?q=cilium&offset=0&limit=20", FakeRegistry.Answer.json(200, ANSWER));
            Run run = runAgainst(registry, "search", "cilium", "--json");
            assertEquals(0, run.exit(), run.err());
            assertEquals(ANSWER + NL, run.out());
            assertEquals(57, new ObjectMapper().readTree(run.out()).path("total").asInt());
        }
    }

    @Test
    void emptyQueryListsEverythingWithFacets() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/search?q=&type=chart&offset=0&limit=20", FakeRegistry.Answer.json(200, ANSWER));
            Run run = runAgainst(registry, "search", "--type", "chart");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains("type: pack 40, chart 17"), run.out());
        }
    }

    @Test
    void noMatches() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/search?q=zzz&offset=0&limit=20", FakeRegistry.Answer.json(200,
                    "{\"total\":0,\"offset\":0,\"limit\":20,\"hits\":[],\"facets\":{}}"));
            Run run = runAgainst(registry, "search", "zzz");
            assertEquals(0, run.exit(), run.err());
            assertEquals("no matches for 'zzz'" + NL, run.out());
        }
    }

    @Test
    void aRefusedQueryPrintsTheRegistrysMessage() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/search?q=x&offset=0&limit=5000", FakeRegistry.Answer.json(400,
                    "{\"errors\":[{\"code\":\"INVALID_PARAMETER\",\"message\":\"limit must be between 1 and 100\"}]}"));
            Run run = runAgainst(registry, "search", "x", "--limit", "5000");
            assertEquals(1, run.exit());
            assertEquals("", run.out());
            assertEquals("packyard: search refused: limit must be between 1 and 100" + NL, run.err());
        }
    }

    @Test
    void aRegistryWithoutSearch() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            Run run = runAgainst(registry, "search", "x");
            assertEquals(1, run.exit());
            assertEquals("packyard: " + registry.url() + " has no search (GET /v1/search answered 404); is it a"
                    + " Packyard server of a version with search?" + NL, run.err());
        }
    }

    @Test
    void aRegistryThatIsNotRunning() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of(), "search", "x", "--registry", "http://127.0.0.1:" + port);
        assertEquals(1, run.exit());
        assertEquals("packyard: cannot search: cannot reach registry http://127.0.0.1:" + port
                + " (connection refused; is `./packyard serve` running?)" + NL, run.err());
    }

    @Test
    void aBadTypeIsAUsageError() {
        Run run = run(Map.of(), "search", "x", "--type", "image");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--type"), run.err());
    }

    @Test
    void snippetsAreBoldOnATerminalAndCut() {
        assertEquals("a \u001b[1mword\u001b[0m here", SearchCommand.snippet("a <em>word</em>  here", 60, true));
        assertEquals("a *word* here", SearchCommand.snippet("a <em>word</em>\nhere", 60, false));
        assertEquals("0123456789…", SearchCommand.snippet("0123456789abcdef", 11, false));
        assertEquals("?[2J <x> & \"q\"", SearchCommand.snippet("\u001b[2J &lt;x&gt; &amp; &quot;q&quot;", 60, false),
                "control characters from the registry never reach the terminal");
        assertEquals("*open", SearchCommand.snippet("<em>open", 60, false).substring(0, 5));
        assertEquals("*open*", SearchCommand.snippet("<em>open", 60, false));
    }

    @Test
    void aHitWithoutSnippetShowsItsDescription() throws Exception {
        SearchCommand.Hit hit = SearchCommand.hit(new ObjectMapper().readTree(
                "{\"type\":\"pack\",\"name\":\"a\",\"latestVersion\":null,\"layer\":\"os\",\"addonType\":null,"
                        + "\"snippet\":null,\"description\":\"Ubuntu   LTS\"}"), false);
        assertEquals(new SearchCommand.Hit("pack", "a", "", "", "os", "Ubuntu LTS"), hit);
    }

    @Test
    void theSignedColumnNamesTheKeysThatVerifiedTheLatestVersion() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("registry,ops.pub", SearchCommand.signed(json.readTree(
                "{\"signed\":true,\"verified\":true,\"verifiedBy\":[\"registry\",\"ops.pub\"]}")));
        assertEquals("untrusted", SearchCommand.signed(json.readTree(
                "{\"signed\":true,\"verified\":false,\"verifiedBy\":[]}")));
        assertEquals("no", SearchCommand.signed(json.readTree("{\"signed\":false,\"verified\":false,\"verifiedBy\":[]}")));
        assertEquals("", SearchCommand.signed(json.readTree("null")));
    }

    @Test
    void pagingHints() {
        assertEquals("20 of 57; next page: --offset 20", SearchCommand.paging(0, 20, 57));
        assertEquals("21-40 of 57; next page: --offset 40", SearchCommand.paging(20, 20, 57));
        assertEquals("41-57 of 57", SearchCommand.paging(40, 17, 57));
        assertEquals("3 of 3", SearchCommand.paging(0, 3, 3));
    }
}
