package dev.packyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Registry credentials in {@code ~/.packyard/config.json}, in the layout docker and the spectro CLI use:
 *
 * <pre>{"auths": {"http://127.0.0.1:5000": {"auth": "base64(user:password)"}}}</pre>
 *
 * <p>The folder is created with mode 0700 and the file is always written with mode 0600, through a temporary file
 * and an atomic rename, so a crash never leaves half a file and the password is never readable by others. Keys and
 * fields this class does not know are kept as they are.
 */
public final class CredentialStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    public CredentialStore(Path file) {
        this.file = file;
    }

    /** The store under a home folder: {@code HOME/.packyard/config.json}. */
    public static CredentialStore inHome(Path home) {
        return new CredentialStore(home.resolve(".packyard").resolve("config.json"));
    }

    public Path file() {
        return file;
    }

    /** The credentials stored for a registry (keyed by {@link RegistryTarget#display()}), if any. */
    public Optional<Credentials> find(String registry) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode entry = read().path("auths").path(registry);
        if (!entry.isObject()) {
            return Optional.empty();
        }
        JsonNode auth = entry.path("auth");
        if (!auth.isTextual() || auth.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Credentials.decode(auth.asText()));
        } catch (IllegalArgumentException e) {
            throw new CliException(file + ": the \"auth\" of " + registry + " is not base64 of user:password ("
                    + e.getMessage() + "); run `packyard login --registry " + registry + "` again");
        }
    }

    /** Stores (or replaces) the credentials of a registry. */
    public void save(String registry, Credentials credentials) {
        ObjectNode root = Files.exists(file) ? read() : JSON.createObjectNode();
        JsonNode auths = root.path("auths");
        ObjectNode authsObject = auths.isObject() ? (ObjectNode) auths : root.putObject("auths");
        JsonNode existing = authsObject.path(registry);
        ObjectNode entry = existing.isObject() ? (ObjectNode) existing : authsObject.putObject(registry);
        entry.put("auth", credentials.encoded());
        write(root);
    }

    private ObjectNode read() {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CliException(file + " is not a JSON object; fix it or delete it and run `packyard login` again");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new CliException(file + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "); fix it or delete it and run `packyard login` again");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode root) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } else {
                    Files.createDirectories(dir);
                }
            }
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                    : new FileAttribute<?>[0];
            Path temp = Files.createTempFile(dir, ".config.json.", ".tmp", attributes);
            try {
                if (posix) {
                    Files.setPosixFilePermissions(temp, FILE_MODE); // exactly 0600, whatever the umask made of it
                }
                Files.write(temp, JSON.writeValueAsBytes(root));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot write " + file + ": " + e.getFile() + " exists and is not a folder");
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
