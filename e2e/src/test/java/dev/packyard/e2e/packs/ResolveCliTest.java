package dev.packyard.e2e.packs;

import dev.packyard.e2e.RegistryProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code packyard resolve} against a server offering the built-in catalog: a lock, an update, and a refusal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResolveCliTest {

    private static final String PROFILE = """
            name: web-cluster
            version: 1.0.0
            type: full
            cloudType: aws
            layers:
              - name: ubuntu
                version: lts__22.04.x
              - name: kubernetes
                version: 1.30.x
              - name: cni-cilium
              - name: csi-local-path
              - name: cert-manager
              - name: ingress-nginx
            """;

    private RegistryProcess server;
    private CliProcess cli;
    private Path work;

    @BeforeAll
    void start(@TempDir Path tmp) {
        server = RegistryProcess.start(tmp.resolve("data"));
        cli = new CliProcess(tmp.resolve("home"), server.baseUri());
        work = tmp;
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void writesALockAndUpdatesIt() throws Exception {
        Path profile = Files.writeString(work.resolve("profile.yaml"), PROFILE);
        Path lock = work.resolve("lock.yaml");
        CliProcess.Result resolved = cli.run("resolve", profile.toString(), "--output", lock.toString());
        assertEquals(0, resolved.exitCode(), resolved::toString);
        String text = Files.readString(lock);
        assertTrue(text.startsWith("lockVersion: 1"), text);
        assertTrue(text.contains("version: 1.30.6") && text.contains("name: cni-cilium"), text);

        Path newer = Files.writeString(work.resolve("profile-1.31.yaml"), PROFILE.replace("1.30.x", "1.31.x"));
        Path updated = work.resolve("lock-1.31.json");
        CliProcess.Result update = cli.run("resolve", newer.toString(), "--update", lock.toString(),
                "--output", updated.toString());
        assertEquals(0, update.exitCode(), update::toString);
        assertTrue(update.stderr().contains("kubernetes: 1.30.6 -> 1.31.2"), update::toString);
        assertTrue(Files.readString(updated).contains("\"1.31.2\""), Files.readString(updated));
    }

    @Test
    void explainsAProfileThatCannotBeResolved() throws Exception {
        Path profile = Files.writeString(work.resolve("old.yaml"), PROFILE.replace("1.30.x", "1.20.x"));
        CliProcess.Result refused = cli.run("resolve", profile.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("no version of kubernetes matches 1.20.x"), refused::toString);
        assertTrue(refused.stdout().isBlank(), refused::toString);
    }
}
