package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryTargetTest {

    @Test
    void flagWinsOverEnvironmentAndDefault() {
        assertEquals("https://flag.example", RegistryTarget.chooseUrl("https://flag.example",
                Map.of("PACKYARD_REGISTRY", "http://env:5000")));
    }

    @Test
    void environmentWinsOverDefault() {
        assertEquals("http://env:5000", RegistryTarget.chooseUrl(null, Map.of("PACKYARD_REGISTRY", " http://env:5000 ")));
    }

    @Test
    void defaultWhenNeitherIsGiven() {
        assertEquals("http://127.0.0.1:5000", RegistryTarget.chooseUrl(null, Map.of()));
        assertEquals("http://127.0.0.1:5000", RegistryTarget.chooseUrl(null, Map.of("PACKYARD_REGISTRY", "  ")),
                "a blank variable counts as unset");
    }

    @Test
    void registryOptionsResolveThroughTheEnvironment() {
        RegistryOptions options = new RegistryOptions();
        assertEquals(URI.create("http://127.0.0.1:5000"), options.target(Map.of()).base());
        assertEquals(URI.create("https://packs.example.com"),
                options.target(Map.of("PACKYARD_REGISTRY", "https://packs.example.com/")).base());
        options.registry = "http://other:9000";
        options.insecure = true;
        RegistryTarget target = options.target(Map.of("PACKYARD_REGISTRY", "https://packs.example.com"));
        assertEquals(URI.create("http://other:9000"), target.base());
        assertTrue(target.insecureTls());
    }

    @Test
    void plainHttpAndTls() {
        RegistryTarget http = RegistryTarget.parse("http://127.0.0.1:5000", false);
        assertTrue(http.plainHttp());
        assertEquals("127.0.0.1:5000", http.hostPort());
        assertEquals("http://127.0.0.1:5000", http.display());

        RegistryTarget https = RegistryTarget.parse("HTTPS://Packs.Example.COM", true);
        assertFalse(https.plainHttp());
        assertTrue(https.insecureTls());
        assertEquals("https://packs.example.com", https.display());
        assertEquals("packs.example.com", https.hostPort());
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:5000/,http://127.0.0.1:5000",
            "http://127.0.0.1:5000/v2,http://127.0.0.1:5000",
            "http://127.0.0.1:5000/v2/,http://127.0.0.1:5000",
            "registry.example.com:8443,https://registry.example.com:8443",
            "http://[::1]:5000,http://[::1]:5000",
    })
    void normalisedForm(String given, String expected) {
        assertEquals(expected, RegistryTarget.parse(given, false).display());
    }

    @Test
    void hostWithoutDotOrPortGetsItsDefaultPortInReferences() {
        assertEquals("myhost:80", RegistryTarget.parse("http://myhost", false).hostPort());
        assertEquals("myhost:443", RegistryTarget.parse("https://myhost", false).hostPort());
        assertEquals("[::1]:5000", RegistryTarget.parse("http://[::1]:5000", false).hostPort());
    }

    @Test
    void packReferencesUseThePaletteLayout() {
        RegistryTarget target = RegistryTarget.parse("http://127.0.0.1:5000", false);
        assertEquals("spectro-packs/archive/cilium", RegistryTarget.repository("cilium"));
        assertEquals("127.0.0.1:5000/spectro-packs/archive/cilium:1.15.3", target.reference("cilium", "1.15.3"));
        String digest = "sha256:" + "ab".repeat(32);
        assertEquals("127.0.0.1:5000/spectro-packs/archive/cilium@" + digest, target.reference("cilium", digest));
        assertEquals(URI.create("http://127.0.0.1:5000/v1/packs?limit=1"), target.resolve("/v1/packs?limit=1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|it is empty",
            "ftp://host:21|use http:// (plain http) or https:// (TLS)",
            "http://user:pw@host:5000|do not put credentials in the URL",
            "http://host:5000/base|it takes no path ('/base')",
            "http://host:5000/?x=1|must not have a query or fragment",
            "http:///nohost|it names no host",
            "http://bad host|bad registry URL",
    })
    void badUrlsAreRefusedWithTheReason(String url, String reason) {
        CliException e = assertThrows(CliException.class, () -> RegistryTarget.parse(url, false));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void loopbackRegistriesAreLocal() {
        assertTrue(RegistryTarget.parse("http://127.0.0.1:5000", false).isLocal());
        assertTrue(RegistryTarget.parse("http://localhost:5000", false).isLocal());
        assertTrue(RegistryTarget.parse("http://[::1]:5000", false).isLocal());
        assertFalse(RegistryTarget.parse("https://packs.example.com", false).isLocal());
        assertFalse(RegistryTarget.parse("http://10.1.2.3:5000", false).isLocal());
    }
}
