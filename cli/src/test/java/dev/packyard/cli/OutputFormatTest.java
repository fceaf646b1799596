package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.cli.PackManifest.Blob;
import dev.packyard.packs.Problem;
import dev.packyard.packs.Severity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Output formatting: tables, sizes, progress, server problems, result lines, the manifest's bytes. */
class OutputFormatTest {

    @Test
    void bytesForPeople() {
        assertEquals("0 B", Progress.formatBytes(0));
        assertEquals("1023 B", Progress.formatBytes(1023));
        assertEquals("1.0 KiB", Progress.formatBytes(1024));
        assertEquals("1.5 KiB", Progress.formatBytes(1536));
        assertEquals("2.7 MiB", Progress.formatBytes(2_831_155));
        assertEquals("1.0 GiB", Progress.formatBytes(1L << 30));
    }

    @Test
    void progressBarFrames() {
        assertEquals("p.tar.gz [>                       ]   0%  0 B / 2.0 KiB", Progress.bar("p.tar.gz", 0, 2048));
        assertEquals("p.tar.gz [============>           ]  50%  1.0 KiB / 2.0 KiB", Progress.bar("p.tar.gz", 1024, 2048));
        assertEquals("p.tar.gz [========================] 100%  2.0 KiB / 2.0 KiB", Progress.bar("p.tar.gz", 2048, 2048));
    }

    @Test
    void withoutATerminalOnlyASummaryLineIsPrinted() throws Exception {
        StringWriter err = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(err), false, clock::get);
        Progress.Transfer transfer = progress.start("uploaded", "cilium-1.15.3.tar.gz", 3000);
        try (InputStream in = transfer.wrap(new ByteArrayInputStream(new byte[3000]))) {
            in.readAllBytes();
        }
        clock.set(1_500_000_000L);
        transfer.done();
        assertEquals("uploaded cilium-1.15.3.tar.gz (2.9 KiB in 1.5 s)" + System.lineSeparator(), err.toString());
        assertFalse(err.toString().contains("\r"), "no carriage returns in logs");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewline() {
        StringWriter err = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(err), true, clock::get);
        Progress.Transfer transfer = progress.start("uploaded", "p.tar.gz", 100);
        transfer.advance(10);
        transfer.advance(10); // within 100 ms of the first frame: not drawn
        clock.set(200_000_000L);
        transfer.advance(30);
        transfer.advance(50);
        transfer.done();
        String output = err.toString();
        assertTrue(output.startsWith("\rp.tar.gz ["), output);
        assertEquals(3, output.split("\r", -1).length - 1, "first frame, the 50% frame, the final frame: " + output);
        assertTrue(output.contains(" 50%"), output);
        assertTrue(output.endsWith("100%  100 B / 100 B\033[K" + System.lineSeparator()), output);
    }

    @Test
    void aBlobTheRegistryHadIsSaidSo() {
        StringWriter err = new StringWriter();
        Progress.Transfer transfer = new Progress(new PrintWriter(err), false).start("uploaded", "p.tar.gz", 2048);
        transfer.done();
        assertEquals("p.tar.gz: already in the registry (2.0 KiB)" + System.lineSeparator(), err.toString());
    }

    @Test
    void aRetriedUploadCountsFromZero() throws Exception {
        StringWriter err = new StringWriter();
        Progress.Transfer transfer = new Progress(new PrintWriter(err), false).start("uploaded", "p", 10);
        transfer.wrap(new ByteArrayInputStream(new byte[6])).readAllBytes();
        transfer.restart();
        transfer.wrap(new ByteArrayInputStream(new byte[10])).readAllBytes();
        assertEquals(10, transfer.bytes());
    }

    @Test
    void tablesAreAlignedWithoutTrailingBlanks() {
        List<String> lines = Table.render(List.of("NAME", "LAYER", "VERSIONS"),
                List.of(List.of("cilium", "cni", "4"), List.of("hello-universe", "addon", "12")));
        assertEquals(List.of(
                "NAME            LAYER  VERSIONS",
                "cilium          cni    4",
                "hello-universe  addon  12"), lines);
        assertThrows(IllegalArgumentException.class, () -> Table.render(List.of("A", "B"), List.of(List.of("x"))));
    }

    @Test
    void controlCharactersFromTheRegistryCannotReachTheTerminal() {
        assertEquals("evil?[2Jname?fake line", Table.clean("evil\033[2Jname\nfake line"));
        assertEquals("", Table.clean(null));
        assertEquals("Ünïcödé ok", Table.clean("Ünïcödé ok"));
        ServerErrors errors = ServerErrors.parse("{\"errors\":[{\"code\":\"X\",\"message\":\"a\\u001b[31mb\"}]}");
        assertEquals("X: a?[31mb", errors.summary());
    }

    @Test
    void longCellsAreCutWithAnEllipsis() {
        assertEquals("Hello", Table.truncate("Hello", 5));
        assertEquals("Hell…", Table.truncate("Hello!", 5));
    }

    @Test
    void packListing() throws Exception {
        var items = new ObjectMapper().readTree("""
                [{"name":"hello-universe","displayName":"Hello Universe","layer":"addon","cloudTypes":["all"],
                  "latestVersion":"1.3.1","versions":["1.1.3","1.3.0","1.3.1"]},
                 {"name":"antrea","displayName":"Antrea","layer":"cni","latestVersion":"1.9.0","versions":["1.9.0"]},
                 {"name":"argo-cd","displayName":"Argo CD with a display name that goes on and on and on","layer":"addon",
                  "latestVersion":"3.26.7","versions":["3.26.7"]}]""");
        List<LsCommand.Row> rows = new java.util.ArrayList<>();
        items.forEach(item -> rows.add(LsCommand.row(item)));

        assertEquals(List.of(
                "NAME            DISPLAY NAME                              LAYER  LATEST  VERSIONS",
                "antrea          Antrea                                    cni    1.9.0   1",
                "argo-cd         Argo CD with a display name that goes o…  addon  3.26.7  1",
                "hello-universe  Hello Universe                            addon  1.3.1   3"),
                LsCommand.format(LsCommand.filter(rows, null, null)));
        assertEquals(List.of("antrea"), LsCommand.filter(rows, "CNI", null).stream().map(LsCommand.Row::name).toList());
        assertEquals(List.of("argo-cd", "hello-universe"),
                LsCommand.filter(rows, "addon", null).stream().map(LsCommand.Row::name).toList());
        assertEquals(List.of("hello-universe"),
                LsCommand.filter(rows, null, "hello").stream().map(LsCommand.Row::name).toList());
        assertEquals(List.of(), LsCommand.filter(rows, "csi", "a"));
    }

    @Test
    void serverProblemsReadLikeTheLocalReport() {
        ServerErrors errors = ServerErrors.parse("""
                {"errors":[{"code":"MANIFEST_INVALID","message":"pack cilium 1.15.3 is invalid",
                  "detail":{"problems":[
                    {"severity":"error","file":"pack.json","field":"layer","rule":"schema.enum",
                     "message":"'network' is not one of kernel, os, k8s, cni, csi, addon","fix":"use cni"},
                    {"severity":"warning","file":"README.md","field":"","rule":"file.missing",
                     "message":"there is no README.md","fix":""}]}}]}""");
        assertEquals(2, errors.problems().size());
        assertEquals(new Problem(Severity.ERROR, "pack.json", "layer", "schema.enum",
                        "'network' is not one of kernel, os, k8s, cni, csi, addon", "use cni").format(),
                errors.problems().get(0).format());
        assertEquals("WARNING README.md: there is no README.md (file.missing)", errors.problems().get(1).format());
        assertEquals("MANIFEST_INVALID: pack cilium 1.15.3 is invalid", errors.summary());
        assertEquals("the registry refused the pack (MANIFEST_INVALID: pack cilium 1.15.3 is invalid): 2 problems,"
                + " listed above", PushCommand.refusal(errors));
    }

    @Test
    void aRefusalWithoutProblemsGivesTheServersMessage() {
        ServerErrors errors = ServerErrors.parse("""
                {"errors":[{"code":"TAG_INVALID","message":"the tag must equal pack.json's version 1.2.3"}]}""");
        assertEquals("the registry refused the pack: TAG_INVALID: the tag must equal pack.json's version 1.2.3",
                PushCommand.refusal(errors));
    }

    @Test
    void bodiesThatAreNotOciErrorsGiveNothing() {
        assertTrue(ServerErrors.parse("<html>502 Bad Gateway</html>").isEmpty());
        assertTrue(ServerErrors.parse("").isEmpty());
        assertTrue(ServerErrors.parse((byte[]) null).isEmpty());
        assertTrue(ServerErrors.parse("{\"items\":[]}").isEmpty());
        assertEquals("", ServerErrors.parse("{}").summary());
    }

    @Test
    void resultLines() {
        String digest = "sha256:" + "0".repeat(64);
        assertEquals("pushed cilium 1.15.3 " + digest, PushCommand.Outcome.pushed("cilium 1.15.3", digest).line());
        assertEquals("failed cilium 1.15.3: cannot reach registry",
                PushCommand.Outcome.failed("cilium 1.15.3", "cannot reach registry").line());
        assertFalse(PushCommand.Outcome.failed("x", "y").pushed());
    }

    @Test
    void failuresSayWhatToDo() {
        RegistryTarget local = RegistryTarget.parse("http://127.0.0.1:5000", false);
        RegistryTarget remote = RegistryTarget.parse("https://packs.example.com", false);
        assertEquals("cannot reach registry http://127.0.0.1:5000 (connection refused; is `./packyard serve` running?)",
                Failures.describe(new RuntimeException(new java.net.ConnectException("Connection refused")), local, false));
        assertTrue(Failures.describe(new java.net.ConnectException(), remote, false)
                .contains("is the registry running at that address?"));
        assertTrue(Failures.describe(new java.net.UnknownHostException("nope"), remote, false)
                .startsWith("cannot resolve the registry's host name 'packs.example.com'"));
        java.net.ConnectException unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertTrue(Failures.describe(new RuntimeException(unresolved), remote, false)
                .startsWith("cannot resolve the registry's host name"), "how the JDK client reports an unknown host");
        assertTrue(Failures.describe(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"), remote, false)
                .contains("use http://packs.example.com for a plain-http registry"));
        assertTrue(Failures.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), remote, false)
                .contains("add --insecure"));
        assertEquals("the registry asks for credentials (HTTP 401); run `packyard login --registry http://127.0.0.1:5000`",
                Failures.describe(new Failures.HttpStatusException(401, "x", ""), local, false));
        assertTrue(Failures.describe(new Failures.HttpStatusException(401, "x", ""), local, true)
                .startsWith("the registry refused the stored credentials"));
        assertTrue(Failures.describe(new land.oras.exception.OrasException(503, "Response code: 503"), local, false)
                .startsWith("the registry failed (HTTP 503"));
        assertTrue(Failures.describe(new IllegalStateException("boom"), local, false)
                .contains("probably a bug in packyard"));
    }

    @Test
    void manifestBytesAreFixedByTheTwoDescriptors() throws Exception {
        byte[] packJson = "{\"name\":\"cilium\",\"version\":\"1.15.3\"}".getBytes(StandardCharsets.UTF_8);
        Blob config = PackManifest.config(packJson);
        String layerDigest = "sha256:" + "ab".repeat(32);
        Blob layer = PackManifest.layer("cilium", "1.15.3", layerDigest, 1234);
        byte[] manifest = PackManifest.manifest(config, layer);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.packyard.pack.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.packyard.pack.config.v1+json\",\"digest\":\""
                + PackManifest.sha256(packJson) + "\",\"size\":" + packJson.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.packyard.pack.layer.v1.tar+gzip\",\"digest\":\""
                + layerDigest + "\",\"size\":1234,\"annotations\":{\"org.opencontainers.image.title\":"
                + "\"cilium-1.15.3.tar.gz\"}}]}", new String(manifest, StandardCharsets.UTF_8));
        assertEquals(PackManifest.sha256(manifest), PackManifest.sha256(PackManifest.manifest(config, layer)));
    }

    @Test
    void thePackLayerIsFoundByTypeThenTitleThenAlone() {
        String d1 = "sha256:" + "1".repeat(64);
        String d2 = "sha256:" + "2".repeat(64);
        Blob typed = new Blob(PackManifest.LAYER_MEDIA_TYPE, d1, 10, Map.of());
        Blob readme = new Blob("text/markdown", d2, 5, Map.of(PackManifest.TITLE_ANNOTATION, "README.md"));
        Blob orasDefault = new Blob("application/vnd.oci.image.layer.v1.tar", d1, 10,
                Map.of(PackManifest.TITLE_ANNOTATION, "cilium-1.15.3.tar.gz"));
        Blob untitled = new Blob("application/octet-stream", d1, 10, Map.of());

        assertEquals(typed, PackManifest.packLayer(List.of(readme, typed), "x"));
        assertEquals(orasDefault, PackManifest.packLayer(List.of(readme, orasDefault), "x"));
        assertEquals(untitled, PackManifest.packLayer(List.of(untitled), "x"));
        assertEquals(Optional.of("cilium-1.15.3.tar.gz"), orasDefault.title());

        CliException none = assertThrows(CliException.class, () -> PackManifest.packLayer(List.of(), "cilium:1"));
        assertTrue(none.getMessage().startsWith("cilium:1 has no layers"), none.getMessage());
        CliException two = assertThrows(CliException.class,
                () -> PackManifest.packLayer(List.of(typed, typed), "cilium:1"));
        assertTrue(two.getMessage().contains("2 pack archive layers"), two.getMessage());
        CliException ambiguous = assertThrows(CliException.class,
                () -> PackManifest.packLayer(List.of(readme, untitled), "cilium:1"));
        assertTrue(ambiguous.getMessage().contains("no single pack archive"), ambiguous.getMessage());
    }

    @Test
    void newestVersionFromTags() {
        assertEquals(Optional.of("1.16.3"), Versions.newest(List.of("1.15.10", "1.16.3", "1.9.0", "1.16.2")));
        assertEquals(Optional.of("2.0.2"), Versions.newest(List.of("2.0.2-up.3", "2.0.2", "1.19.1")),
                "a release is newer than its pre-release");
        assertEquals(Optional.of("1.16"), Versions.newest(List.of("1.16", "1.9.1")), "two-part versions count");
        assertEquals(Optional.of("1.0.0"), Versions.newest(List.of("latest", "1.0.0")), "non-versions lose");
        assertEquals(Optional.of("lts"), Versions.newest(List.of("beta", "lts")));
        assertEquals(Optional.of("1.16.3"), Versions.newest(List.of("1.x", "1.16.x", "1.15.10", "1.16.3", "1.15.x")),
                "the registry's train tags are not versions");
        assertEquals(Optional.empty(), Versions.newest(List.of()));
    }
}
