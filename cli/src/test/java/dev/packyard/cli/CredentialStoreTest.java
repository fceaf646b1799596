package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    private static final String REGISTRY = "http://127.0.0.1:5000";

    @TempDir
    Path home;

    @Test
    void missingFileMeansNoCredentials() {
        CredentialStore store = CredentialStore.inHome(home);
        assertEquals(home.resolve(".packyard/config.json"), store.file());
        assertEquals(Optional.empty(), store.find(REGISTRY));
        assertFalse(Files.exists(store.file()), "looking up must not create the file");
    }

    @Test
    void savedCredentialsAreFoundAgainAndOnlyForTheirRegistry() {
        CredentialStore store = CredentialStore.inHome(home);
        store.save(REGISTRY, new Credentials("alice", "s3cr:et pässword"));
        Credentials found = CredentialStore.inHome(home).find(REGISTRY).orElseThrow();
        assertEquals("alice", found.username());
        assertEquals("s3cr:et pässword", found.password(), "':' and non-ASCII in passwords survive");
        assertEquals(Optional.empty(), store.find("https://other.example.com"));
    }

    @Test
    void fileIsOwnerOnlyAndInTheDockerLayout() throws Exception {
        CredentialStore store = CredentialStore.inHome(home);
        store.save(REGISTRY, new Credentials("alice", "pw"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));
        JsonNode json = new ObjectMapper().readTree(store.file().toFile());
        assertEquals(Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)),
                json.path("auths").path(REGISTRY).path("auth").asText());
        try (var leftovers = Files.list(store.file().getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aWiderModeIsNarrowedOnSave() throws Exception {
        Path file = home.resolve(".packyard/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialStore.inHome(home).save(REGISTRY, new Credentials("alice", "pw"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void otherRegistriesAndUnknownFieldsAreKept() throws Exception {
        Path file = home.resolve(".packyard/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"auths": {"https://other.example.com": {"auth": "Ym9iOnB3", "insecure": true}},
                 "defaultRegistry": "https://other.example.com"}""");
        CredentialStore store = CredentialStore.inHome(home);
        store.save(REGISTRY, new Credentials("alice", "one"));
        store.save(REGISTRY, new Credentials("alice", "two"));

        assertEquals("two", store.find(REGISTRY).orElseThrow().password(), "a second login replaces the first");
        assertEquals(new Credentials("bob", "pw"), store.find("https://other.example.com").orElseThrow());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("https://other.example.com", json.path("defaultRegistry").asText());
        assertTrue(json.path("auths").path("https://other.example.com").path("insecure").asBoolean());
    }

    @Test
    void malformedFileIsReportedByName() throws Exception {
        Path file = home.resolve(".packyard/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\": {\n  broken");
        CliException e = assertThrows(CliException.class, () -> CredentialStore.inHome(home).find(REGISTRY));
        assertTrue(e.getMessage().startsWith(file + " is not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        Files.writeString(file, "[1, 2]");
        CliException notObject = assertThrows(CliException.class, () -> CredentialStore.inHome(home).find(REGISTRY));
        assertTrue(notObject.getMessage().contains("is not a JSON object"), notObject.getMessage());
    }

    @Test
    void badAuthValueSaysToLogInAgain() throws Exception {
        Path file = home.resolve(".packyard/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\": {\"" + REGISTRY + "\": {\"auth\": \"bm9jb2xvbg==\"}}}"); // "nocolon"
        CliException e = assertThrows(CliException.class, () -> CredentialStore.inHome(home).find(REGISTRY));
        assertTrue(e.getMessage().contains("packyard login --registry " + REGISTRY), e.getMessage());
    }

    @Test
    void entryWithoutAuthMeansNoCredentials() throws Exception {
        Path file = home.resolve(".packyard/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\": {\"" + REGISTRY + "\": {\"insecure\": true}}}");
        assertEquals(Optional.empty(), CredentialStore.inHome(home).find(REGISTRY));
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        Credentials credentials = new Credentials("alice", "hunter2");
        assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
        assertEquals("Basic YWxpY2U6aHVudGVyMg==", credentials.basicHeader());
    }

    @Test
    void userNamesCannotHoldAColonOrBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new Credentials("a:b", "pw"));
        assertThrows(IllegalArgumentException.class, () -> new Credentials("", "pw"));
    }
}
