package dev.packyard.e2e.packs;

import dev.packyard.e2e.RegistryProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code packyard sign} and {@code packyard verify} as processes, against the packaged server's built-in packs. */
class SignVerifyCliTest {

    @Test
    void aPackIsUnverifiedUntilTheRegistrySignsIt(@TempDir Path tmp) throws Exception {
        try (RegistryProcess server = RegistryProcess.start(tmp.resolve("data"))) {
            CliProcess cli = new CliProcess(tmp.resolve("home"), server.baseUri());
            CliProcess.Result before = cli.run("verify", "cni-cilium:1.16.3");
            assertEquals(1, before.exitCode(), before::toString);
            assertTrue(before.stdout().contains("NOT verified") && before.stdout().contains("is not signed"),
                    before::toString);

            CliProcess.Result signed = cli.run("sign", "cni-cilium:1.16.3");
            assertEquals(0, signed.exitCode(), signed::toString);
            assertTrue(signed.stdout().startsWith("signed spectro-packs/archive/cni-cilium:1.16.3 (sha256:"),
                    signed::toString);

            CliProcess.Result after = cli.run("verify", "cni-cilium:1.16.3");
            assertEquals(0, after.exitCode(), after::toString);
            assertTrue(after.stdout().contains("is signed by registry"), after::toString);

            CliProcess.Result unknown = cli.run("sign", "cni-cilium:9.9.9");
            assertEquals(1, unknown.exitCode(), unknown::toString);
            assertTrue(unknown.stderr().contains("has no tag 9.9.9"), unknown::toString);
        }
    }
}
