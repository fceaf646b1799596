package dev.packyard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code packyard sign} and {@code packyard verify} against {@link FakeRegistry}'s canned signing API answers. */
class SignVerifyCommandTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
        }
    }

    private Run run(FakeRegistry registry, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PackyardCli.commandLine(new CliEnvironment(Map.of("PACKYARD_REGISTRY", registry.url()),
                tmp.resolve("home"), new ByteArrayInputStream(new byte[0]), false, Optional.empty()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void signPostsThePackReferenceAndSaysWhatWasStored() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/signatures", FakeRegistry.Answer.json(201, "{\"digest\":\"" + DIGEST
                    + "\",\"signature\":\"sha256:" + "b".repeat(64) + "\",\"tag\":\"sha256-" + "a".repeat(64) + ".sig\"}"));
            Run run = run(registry, "sign", "cni-cilium:1.16.3");
            assertEquals(0, run.exit(), run.err());
            assertEquals(List.of("signed spectro-packs/archive/cni-cilium:1.16.3 (" + DIGEST + ")",
                    "signature sha256:" + "b".repeat(64) + ", tag sha256-" + "a".repeat(64) + ".sig"), run.outLines());
            FakeRegistry.Request request = registry.requests.get(registry.requests.size() - 1);
            assertEquals("POST", request.method());
        }
    }

    @Test
    void signRepeatsTheRegistrysRefusal() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            registry.canned.put("/v1/signatures", FakeRegistry.Answer.json(404, "{\"errors\":[{\"code\":\"NOT_FOUND\","
                    + "\"message\":\"repository demo/app has no tag 9.9\"}]}"));
            Run run = run(registry, "sign", "demo/app:9.9");
            assertEquals(1, run.exit());
            assertTrue(run.err().contains("cannot sign demo/app:9.9: repository demo/app has no tag 9.9"), run.err());
            assertEquals(2, run(registry, "sign").exit(), "REF is required");
            Run bad = run(registry, "sign", "demo/app");
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("names no manifest"), bad.err());
        }
    }

    @Test
    void verifyExitsZeroOnlyWhenATrustedKeySigned() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            String reference = "reference=spectro-packs%2Farchive%2Fcni-cilium%3A1.16.3";
            registry.canned.put("/v1/signatures?" + reference, FakeRegistry.Answer.json(200, "{\"digest\":\"" + DIGEST
                    + "\",\"signed\":true,\"verified\":true,\"verifiedBy\":[\"registry\"],\"policy\":{\"prefix\":"
                    + "\"spectro-packs\",\"mode\":\"enforce\"},\"signatures\":[{\"signature\":\"sha256:" + "c".repeat(64)
                    + "\",\"payload\":\"sha256:" + "d".repeat(64) + "\",\"verifiedBy\":\"registry\",\"problem\":null}]}"));
            Run verified = run(registry, "verify", "cni-cilium:1.16.3");
            assertEquals(0, verified.exit(), verified.err());
            assertEquals("verified: spectro-packs/archive/cni-cilium:1.16.3 (" + DIGEST + ") is signed by registry",
                    verified.outLines().get(0));
            assertEquals("trust policy: 'spectro-packs' (enforce)", verified.outLines().get(1));
            assertTrue(verified.out().contains("verified by registry"), verified.out());

            registry.canned.put("/v1/signatures?reference=demo%2Fapp%3A1.0", FakeRegistry.Answer.json(200,
                    "{\"digest\":\"" + DIGEST + "\",\"signed\":true,\"verified\":false,\"verifiedBy\":[],\"policy\":null,"
                            + "\"signatures\":[{\"signature\":\"sha256:" + "c".repeat(64) + "\",\"payload\":\"sha256:"
                            + "d".repeat(64) + "\",\"verifiedBy\":null,\"problem\":\"registry: the signature does not "
                            + "match\"}]}"));
            Run refused = run(registry, "verify", "demo/app:1.0");
            assertEquals(1, refused.exit());
            assertTrue(refused.out().startsWith("NOT verified: no signature of demo/app:1.0"), refused.out());
            assertTrue(refused.out().contains("registry: the signature does not match"), refused.out());
        }
    }
}
