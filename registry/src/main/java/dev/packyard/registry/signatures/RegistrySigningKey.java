package dev.packyard.registry.signatures;

import dev.packyard.signing.FipsProviders;
import dev.packyard.signing.KeyAlgorithm;
import dev.packyard.signing.KeyStores;
import dev.packyard.signing.SigningKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The registry's own signing key: an EC P-256 key (what cosign verifies by default) in a BCFKS keystore, created on
 * the first start in {@code <data>/_signing/} with a random password kept beside it (both readable by the server's
 * user only), and loaded at every later start; {@code packyard key} may put another key in its place. The data folder
 * is the server's, not its storage bucket: the key never leaves the machine through the registry.
 */
final class RegistrySigningKey {

    private static final Logger LOG = Logger.getLogger(RegistrySigningKey.class.getName());
    static final String KEYSTORE = "registry.bcfks";
    static final String PASSWORD = "registry.password";

    private RegistrySigningKey() {
    }

    /** Where the key is kept under the server's data folder. */
    static Path folder(Path dataDir) {
        return dataDir.resolve("_signing");
    }

    /** The key in {@code folder}, made there first if there is none. */
    static SigningKey loadOrCreate(Path folder) throws IOException {
        Optional<SigningKey> existing = load(folder);
        if (existing.isPresent()) {
            return existing.get();
        }
        SigningKey key = SigningKey.generate(KeyAlgorithm.DEFAULT);
        store(folder, key);
        LOG.info(() -> "signing: created the registry's " + key.algorithm() + " signing key in "
                + folder.resolve(KEYSTORE));
        return key;
    }

    /** The key in {@code folder}; empty when none was made yet. */
    static Optional<SigningKey> load(Path folder) throws IOException {
        Path keystore = folder.resolve(KEYSTORE);
        Path passwordFile = folder.resolve(PASSWORD);
        if (!Files.exists(keystore)) {
            return Optional.empty();
        }
        if (!Files.exists(passwordFile)) {
            throw new IOException("the signing keystore " + keystore + " is there but its password file "
                    + passwordFile + " is not; restore it, or move the keystore away to have a new key made");
        }
        return Optional.of(KeyStores.load(keystore, Files.readString(passwordFile, StandardCharsets.US_ASCII).strip()
                .toCharArray()));
    }

    /**
     * Makes {@code key} the registry's key. An existing password is kept, so replacing a key changes one file, moved
     * into place whole: a crash leaves the old key or the new one, never a keystore its password does not open. A
     * first key gets a new random password, written before the keystore it opens.
     */
    static void store(Path folder, SigningKey key) throws IOException {
        Files.createDirectories(folder);
        Path passwordFile = folder.resolve(PASSWORD);
        char[] password;
        if (Files.exists(folder.resolve(KEYSTORE)) && Files.exists(passwordFile)) {
            password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
        } else {
            byte[] secret = new byte[24];
            FipsProviders.secureRandom().nextBytes(secret);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
            writePrivately(passwordFile, new String(password).getBytes(StandardCharsets.US_ASCII));
        }
        KeyStores.save(key, folder.resolve(KEYSTORE), password);
    }

    /** Written whole under a temporary name, readable by the owner only, then renamed into place. */
    private static void writePrivately(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
