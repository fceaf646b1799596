package dev.packyard.registry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("packyard.yaml"), yaml);
    }

    @Test
    void appliesEveryKey() throws Exception {
        ServerSettings settings = ConfigFile.apply(write("""
                server: { host: 0.0.0.0, port: 5055 }
                storage: { filesystem: { root: store } }
                uploads: { expireAfter: 2h, sweepInterval: 90s }
                manifests: { maxBytes: 1024 }
                """), ServerSettings.defaults());
        assertEquals("0.0.0.0", settings.host());
        assertEquals(5055, settings.port());
        assertEquals(dir.resolve("store").toAbsolutePath(), settings.dataDir());
        assertEquals(Duration.ofHours(2), settings.uploadExpiry());
        assertEquals(Duration.ofSeconds(90), settings.uploadSweepInterval());
        assertEquals(1024, settings.maxManifestBytes());
    }

    @Test
    void keepsDefaultsForAnEmptyFile() throws Exception {
        assertEquals(ServerSettings.defaults(), ConfigFile.apply(write(""), ServerSettings.defaults()));
    }

    @Test
    void namesTheKeyAtFault() throws IOException {
        InvalidConfigException typo = assertThrows(InvalidConfigException.class,
                () -> ConfigFile.apply(write("server: { prot: 5000 }\n"), ServerSettings.defaults()));
        assertTrue(typo.getMessage().contains("prot"), typo.getMessage());
        InvalidConfigException duration = assertThrows(InvalidConfigException.class,
                () -> ConfigFile.apply(write("uploads: { expireAfter: soon }\n"), ServerSettings.defaults()));
        assertTrue(duration.getMessage().contains("uploads.expireAfter 'soon' is not a duration"), duration.getMessage());
        InvalidConfigException port = assertThrows(InvalidConfigException.class,
                () -> ConfigFile.apply(write("server: { port: 70000 }\n"), ServerSettings.defaults()));
        assertTrue(port.getMessage().contains("70000"), port.getMessage());
        InvalidConfigException yaml = assertThrows(InvalidConfigException.class,
                () -> ConfigFile.apply(write("server: [\n"), ServerSettings.defaults()));
        assertTrue(yaml.getMessage().startsWith(dir.resolve("packyard.yaml").toString()), yaml.getMessage());
        assertThrows(InvalidConfigException.class, () -> ConfigFile.apply(dir.resolve("absent.yaml"), ServerSettings.defaults()));
    }

    @Test
    void readsTlsAsPemFilesOrAKeystoreRelativeToTheConfigFolder() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        for (String file : List.of("server.crt", "server.key", "server.bcfks", "server.password")) {
            Files.writeString(dir.resolve("tls").resolve(file), "x");
        }
        assertEquals(java.util.Optional.of(new TlsIdentity.PemFiles(dir.resolve("tls/server.crt").toAbsolutePath(),
                        dir.resolve("tls/server.key").toAbsolutePath())),
                ConfigFile.apply(write("tls: { certificate: tls/server.crt, key: tls/server.key }\n"),
                        ServerSettings.defaults()).tls());
        assertEquals(java.util.Optional.of(new TlsIdentity.Keystore(dir.resolve("tls/server.bcfks").toAbsolutePath(),
                        dir.resolve("tls/server.password").toAbsolutePath())),
                ConfigFile.apply(write("tls: { keystore: tls/server.bcfks, passwordFile: tls/server.password }\n"),
                        ServerSettings.defaults()).tls());

        for (List<String> refused : List.of(
                List.of("tls: { certificate: tls/server.crt, key: tls/server.key, keystore: tls/server.bcfks }",
                        "tls takes either certificate and key (PEM files) or keystore and passwordFile (BCFKS), not both"),
                List.of("tls: { keystore: tls/server.bcfks }", "tls needs both keystore (BCFKS) and passwordFile"),
                List.of("tls: { certificate: tls/server.crt }", "tls needs both certificate and key (PEM files)"),
                List.of("tls: { keystore: tls/absent.bcfks, passwordFile: tls/server.password }",
                        "tls: " + dir.resolve("tls/absent.bcfks").toAbsolutePath() + " is not a readable file"),
                List.of("tls: { keystore: tls, passwordFile: tls/server.password }",
                        "tls: " + dir.resolve("tls").toAbsolutePath() + " is not a readable file"))) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ConfigFile.apply(write(refused.get(0) + "\n"), ServerSettings.defaults()), refused.get(0));
            assertTrue(e.getMessage().contains(refused.get(1)), e.getMessage());
        }
    }

    @Test
    void readsDurations() {
        assertEquals(Duration.ofMillis(250), ConfigFile.duration("k", "250ms"));
        assertEquals(Duration.ofDays(7), ConfigFile.duration("k", "7d"));
        assertEquals(Duration.ofHours(24), ConfigFile.duration("k", "PT24H"));
    }

    @Test
    void readsTrustPoliciesWithKeyFilesFromTheConfigFolder() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/release.pub"), "-----BEGIN PUBLIC KEY-----\n");
        ServerSettings settings = ConfigFile.apply(write("""
                trust:
                  - { prefix: spectro-packs, mode: enforce, keys: [registry, keys/release.pub] }
                  - { prefix: spectro-packs/archive/experimental, mode: off }
                  - { mode: warn, keys: [registry] }
                """), ServerSettings.defaults());
        assertEquals(List.of(
                new TrustRule("spectro-packs", TrustRule.Mode.ENFORCE,
                        List.of("registry", dir.resolve("keys/release.pub").toAbsolutePath().toString())),
                new TrustRule("spectro-packs/archive/experimental", TrustRule.Mode.OFF, List.of()),
                new TrustRule("", TrustRule.Mode.WARN, List.of("registry"))), settings.trust());
    }

    @Test
    void refusesBadTrustPolicies() throws IOException {
        assertTrustError("trust: [{ prefix: a, mode: strict, keys: [registry] }]", "trust[0].mode 'strict' is not off, warn or enforce");
        assertTrustError("trust: [{ prefix: a, mode: enforce }]", "names no keys");
        assertTrustError("trust: [{ prefix: a, keys: [missing.pub] }]", "missing.pub is not a readable file");
        assertTrustError("trust: [{ prefix: a, keys: [registry] }, { prefix: a, mode: off }]", "trust[1]: a policy for prefix 'a' is given twice");
        assertTrustError("trust: [{ prefix: Not/Valid, keys: [registry] }]", "'Not/Valid' is not a repository name");
        assertTrustError("trust: [{ prefix: a, keys: [registry], mod: off }]", "mod");
    }

    private void assertTrustError(String yaml, String fragment) throws IOException {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigFile.apply(write(yaml + "\n"), ServerSettings.defaults()));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
