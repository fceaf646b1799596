package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.packs.CliProcess.Result;
import dev.packyard.e2e.packs.Fixtures.Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train tags ({@code <major>.x}, {@code <major>.<minor>.x}) as the CLI sees them: the four crossplane fixtures pushed
 * out of version order with {@code packyard push}, the trains pointing at the newest version of each, pulls by train
 * tag, and the trains moving back when the newest version is deleted.
 */
class TrainTagsCliTest {

    private static final Pattern PUSHED = Pattern.compile("pushed crossplane (\\S+) (sha256:[0-9a-f]{64})");
    private static final String REPOSITORY = RegistryHttp.repository("crossplane");

    @TempDir
    static Path tmp;

    private static RegistryProcess server;
    private static RegistryHttp http;
    private static CliProcess cli;

    @BeforeAll
    static void startServer() {
        server = RegistryProcess.start(tmp.resolve("data"), "--no-builtin-catalog");
        http = new RegistryHttp(server.baseUri());
        cli = new CliProcess(tmp.resolve("home"), server.baseUri());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Fixture crossplane(String folder) {
        return Fixtures.packCentral(folder);
    }

    @Test
    void trainsFollowTheNewestVersionAndMoveBackOnDelete() {
        Map<String, String> digests = new TreeMap<>();

        // the newest of each major first, then the older ones: trains go by version, not by push order
        push(digests, crossplane("crossplane-2.3.0"), crossplane("crossplane-1.19.1"));
        assertTrains(Map.of("1.x", "1.19.1", "1.19.x", "1.19.1", "2.x", "2.3.0", "2.3.x", "2.3.0"), digests);

        push(digests, crossplane("crossplane-1.16"), crossplane("crossplane-2.1.3"));
        Map<String, String> all = Map.of("1.x", "1.19.1", "2.x", "2.3.0",
                "1.16.x", "1.16.0", "1.19.x", "1.19.1", "2.1.x", "2.1.3", "2.3.x", "2.3.0");
        assertTrains(all, digests);
        JsonNode pack = http.json("/v1/packs/crossplane");
        assertEquals("2.3.0", pack.path("latestVersion").asText());
        assertEquals(new TreeMap<>(all), listedTrains(pack), pack::toPrettyString);

        // a pre-release is a version of its own but no train's
        Path rc = Fixtures.copy(crossplane("crossplane-2.3.0").folder(), tmp.resolve("crossplane-2.4.0-rc.1"));
        rewrite(rc.resolve("pack.json"), "\"version\": \"2.3.0\"", "\"version\": \"2.4.0-rc.1\"");
        push(digests, Fixtures.fixture(rc));
        assertTrains(all, digests);
        assertEquals(Optional.empty(), http.manifestDigest(REPOSITORY, "2.4.x"));
        assertEquals(200, http.status("/v1/packs/crossplane/2.4.0-rc.1"));
        assertPulls("crossplane:2.4.0-rc.1", Fixtures.fixture(rc), digests);
        assertEquals(202, http.delete("/v2/" + REPOSITORY + "/manifests/2.4.0-rc.1").statusCode());
        digests.remove("2.4.0-rc.1");
        assertTrains(all, digests);

        // any tag pulls, train tags included
        assertPulls("crossplane:1.x", crossplane("crossplane-1.19.1"), digests);
        assertPulls("crossplane:2.3.x", crossplane("crossplane-2.3.0"), digests);
        assertPulls("crossplane:1.16.x", crossplane("crossplane-1.16"), digests);

        // deleting 2.3.0 by its tag moves 2.x back to 2.1.3 and ends the 2.3 train
        assertEquals(202, http.delete("/v2/" + REPOSITORY + "/manifests/2.3.0").statusCode());
        Map<String, String> after = Map.of("1.x", "1.19.1", "2.x", "2.1.3",
                "1.16.x", "1.16.0", "1.19.x", "1.19.1", "2.1.x", "2.1.3");
        digests.remove("2.3.0");
        assertTrains(after, digests);
        assertEquals(Optional.empty(), http.manifestDigest(REPOSITORY, "2.3.x"));
        assertEquals(404, http.status("/v1/packs/crossplane/2.3.0"));
        pack = http.json("/v1/packs/crossplane");
        assertEquals("2.1.3", pack.path("latestVersion").asText());
        assertEquals(new TreeMap<>(after), listedTrains(pack), pack::toPrettyString);

        // the CLI sees the same: the newest is now 2.1.3, and the 2.3 train is gone
        assertPulls("crossplane", crossplane("crossplane-2.1.3"), digests);
        assertPulls("crossplane:2.x", crossplane("crossplane-2.1.3"), digests);
        Path gone = tmp.resolve("gone");
        Result missing = cli.run("pull", "crossplane:2.3.x", gone.toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("no pack crossplane:2.3.x"), missing::toString);
        assertFalse(Files.exists(gone));
    }

    private static void rewrite(Path file, String from, String to) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(content.contains(from), () -> file + " does not contain " + from);
            Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes the packs in one invocation and records each printed digest by version. */
    private static void push(Map<String, String> digests, Fixture... packs) {
        String[] args = new String[packs.length + 1];
        args[0] = "push";
        for (int i = 0; i < packs.length; i++) {
            args[i + 1] = packs[i].folder().toString();
        }
        Result push = cli.run(args);
        assertEquals(0, push.exitCode(), push::toString);
        assertEquals(packs.length, push.stdoutLines().size(), push::toString);
        for (int i = 0; i < packs.length; i++) {
            Matcher line = PUSHED.matcher(push.stdoutLines().get(i));
            assertTrue(line.matches(), push::toString);
            assertEquals(packs[i].version(), line.group(1), push::toString);
            digests.put(line.group(1), line.group(2));
        }
    }

    /** Exactly these trains (tag → version) exist besides the version tags, each on its version's manifest. */
    private static void assertTrains(Map<String, String> trains, Map<String, String> digests) {
        Set<String> expectedTags = new TreeSet<>(digests.keySet());
        expectedTags.addAll(trains.keySet());
        assertEquals(expectedTags, new TreeSet<>(http.tags(REPOSITORY)));
        trains.forEach((tag, version) -> assertEquals(digests.get(version),
                http.manifestDigest(REPOSITORY, tag).orElse(null), tag + " should point at " + version));
    }

    private static Map<String, String> listedTrains(JsonNode pack) {
        Map<String, String> trains = new TreeMap<>();
        pack.path("tags").properties().forEach(e -> trains.put(e.getKey(), e.getValue().asText()));
        return trains;
    }

    private static void assertPulls(String reference, Fixture expected, Map<String, String> digests) {
        Path target = tmp.resolve("pull-" + reference.replace(':', '_'));
        Result pull = cli.run("pull", reference, target.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertTrue(pull.stdout().contains("pulled crossplane " + expected.version() + " " + digests.get(expected.version())),
                pull::toString);
        assertNull(Fixtures.difference(expected.files(), Fixtures.read(target)), pull::toString);
    }
}
