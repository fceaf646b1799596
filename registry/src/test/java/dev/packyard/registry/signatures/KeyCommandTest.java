package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.TestRegistry;
import dev.packyard.signing.CosignVerifier;
import dev.packyard.signing.KeyAlgorithm;
import dev.packyard.signing.PemKeys;
import dev.packyard.signing.VerificationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code packyard key}: the registry's signing key generated, imported from keys {@code openssl} made, printed, and
 * replaced only when asked, with the old public key kept; bad keys refused with nothing changed.
 */
class KeyCommandTest {

    @TempDir
    static Path keys;

    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void opensslKeys() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.pem");
        openssl("pkey", "-in", "p384.pem", "-pubout", "-out", "p384.pub");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa2048.pem");
        openssl("pkcs8", "-topk8", "-in", "p384.pem", "-passout", "pass:a long enough passphrase", "-out",
                "encrypted.pem");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    private Run key(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new KeyCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.isEmpty()) {
            all.addAll(List.of("--data", data.toString()));
        }
        return new Run(command.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private Path folder() {
        return data.resolve("_signing");
    }

    private byte[] keystore() throws Exception {
        return Files.readAllBytes(folder().resolve(RegistrySigningKey.KEYSTORE));
    }

    @Test
    void generatePrintsTheKeyThatPublicPrintsLater() throws Exception {
        Run none = key("public");
        assertEquals(1, none.exit());
        assertTrue(none.err().startsWith("packyard: there is no signing key in " + folder()), none.err());

        Run generated = key("generate", "--algorithm", "ec-p384");
        assertEquals(0, generated.exit(), generated.err());
        assertTrue(generated.out().startsWith("the registry now signs with its new key (EC_P384, in "), generated.out());
        Run printed = key("public");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(generated.out().endsWith(printed.out()), generated.out() + " / " + printed.out());
        assertEquals(KeyAlgorithm.EC_P384, KeyAlgorithm.forVerifying(PemKeys.readPublicKey(printed.out())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder().resolve(RegistrySigningKey.KEYSTORE))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder().resolve(RegistrySigningKey.PASSWORD))));
    }

    @Test
    void anExistingKeyIsReplacedOnlyWithForceAndItsPublicKeyIsKept() throws Exception {
        assertEquals(0, key("generate").exit());
        String first = key("public").out();
        byte[] before = keystore();

        Run refused = key("import", keys.resolve("p384.pem").toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("already holds the registry's key (EC_P256)")
                && refused.err().contains("Give --force"), refused.err());
        assertArrayEquals(before, keystore(), "nothing changed");

        Run imported = key("import", keys.resolve("p384.pem").toString(), "--force");
        assertEquals(0, imported.exit(), imported.err());
        try (Stream<Path> retired = Files.list(folder().resolve("retired"))) {
            List<Path> files = retired.toList();
            assertEquals(1, files.size(), files.toString());
            assertEquals(first, Files.readString(files.get(0)));
            assertTrue(imported.out().contains(files.get(0).toString()), imported.out());
        }
        // openssl's own public half of the key is what the registry now publishes.
        assertEquals(PemKeys.readPublicKey(Files.readString(keys.resolve("p384.pub"))),
                PemKeys.readPublicKey(key("public").out()));
    }

    @Test
    void theServerSignsWithAnImportedKey() throws Exception {
        assertEquals(0, key("import", keys.resolve("p384.pem").toString()).exit());
        try (TestRegistry registry = new TestRegistry(data, false)) {
            String digest = registry.pushImage("demo/app", "1.0", "layer one");
            HttpResponse<String> signed = registry.post("/v1/signatures", "application/json",
                    "{\"reference\": \"demo/app:1.0\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(201, signed.statusCode(), signed.body());
            HttpResponse<String> published = registry.get("/v1/signing/cosign.pub");
            assertEquals(PemKeys.readPublicKey(Files.readString(keys.resolve("p384.pub"))),
                    PemKeys.readPublicKey(published.body()));
            JsonNode listed = registry.getJson("/v1/signatures?reference=demo/app@" + digest);
            JsonNode signature = listed.path("signatures").get(0);
            assertEquals("registry", signature.path("verifiedBy").asText(), listed.toString());
            // The stored signature verifies with openssl's public half of the imported key.
            JsonNode layer = registry.getJson("/v2/demo/app/manifests/" + signature.path("signature").asText())
                    .path("layers").get(0);
            byte[] payload = registry.getBytes("/v2/demo/app/blobs/" + layer.path("digest").asText()).body();
            assertInstanceOf(VerificationResult.Verified.class, CosignVerifier.of(PemKeys.readPublicKey(
                    Files.readString(keys.resolve("p384.pub")))).verify(payload,
                    layer.path("annotations").path("dev.cosignproject.cosign/signature").asText(), digest));
        }
    }

    @Test
    void unusableKeysAreRefusedWithNothingChanged() throws Exception {
        assertEquals(0, key("generate").exit());
        byte[] before = keystore();
        Path garbage = Files.writeString(data.resolve("garbage.pem"), "not a key\n");
        List<List<String>> cases = List.of(
                List.of(garbage.toString(), "packyard: " + garbage + ": "),
                List.of(keys.resolve("encrypted.pem").toString(), "the private key is encrypted"),
                List.of(keys.resolve("rsa2048.pem").toString(), "2048"),
                List.of(keys.resolve("p384.pub").toString(), "packyard: " + keys.resolve("p384.pub") + ": "),
                List.of(data.resolve("absent.pem").toString(), "is not a file"));
        for (List<String> refused : cases) {
            Run run = key("import", refused.get(0), "--force");
            assertEquals(1, run.exit(), refused.get(0) + ": " + run.out() + run.err());
            assertTrue(run.err().contains(refused.get(1)), run.err());
            assertArrayEquals(before, keystore(), refused.get(0) + " changed nothing");
        }
        Run bare = key();
        assertEquals(2, bare.exit());
        assertTrue(bare.err().startsWith("packyard: key needs a command: public, generate or import"), bare.err());
        Run algorithm = key("generate", "--algorithm", "dsa", "--force");
        assertEquals(2, algorithm.exit());
        assertTrue(algorithm.err().contains("'dsa' is not a key algorithm; use one of ec-p256, ec-p384, rsa-3072-pss"),
                algorithm.err());
        assertArrayEquals(before, keystore());
        assertTrue(!Files.exists(folder().resolve("retired")), "no key was retired");
    }
}
