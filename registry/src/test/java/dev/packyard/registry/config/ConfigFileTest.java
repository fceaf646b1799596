package dev.packyard.registry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
    void readsDurations() {
        assertEquals(Duration.ofMillis(250), ConfigFile.duration("k", "250ms"));
        assertEquals(Duration.ofDays(7), ConfigFile.duration("k", "7d"));
        assertEquals(Duration.ofHours(24), ConfigFile.duration("k", "PT24H"));
    }
}
