package dev.packyard.cli;

import dev.packyard.packs.PackArchive;
import dev.packyard.packs.UnsafeArchiveException;
import dev.packyard.packs.PackFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a pack given on the command line: a pack folder, or a pack archive ({@code .tar.gz} / {@code .tgz}). */
public final class PackSource {

    private PackSource() {
    }

    /**
     * Reads the pack at {@code path}.
     *
     * @throws CliException when the path is neither a folder nor a readable pack archive, saying why
     */
    public static PackFiles read(Path path) {
        if (!Files.exists(path)) {
            throw new CliException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            try {
                return PackFiles.readFolder(path);
            } catch (IOException | UncheckedIOException e) {
                throw new CliException(path + ": cannot read the pack folder: " + message(e));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(path + ": " + e.getMessage());
            }
        }
        if (!isArchiveName(path)) {
            throw new CliException(path + ": not a pack folder or a pack archive (.tar.gz or .tgz)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readArchive(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new CliException(path + ": no such file");
        } catch (IOException e) {
            throw new CliException(path + ": cannot read: " + message(e));
        }
    }

    /**
     * Unpacks a pack archive with the pack library's safety limits (no entries outside the pack, no links, a cap on
     * the expanded size).
     *
     * @param what names the archive in messages
     */
    public static PackFiles readArchive(InputStream in, String what) {
        try {
            return PackArchive.read(in, PackArchive.DEFAULT_MAX_EXPANDED_BYTES);
        } catch (UnsafeArchiveException e) {
            throw new CliException(what + ": refused: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(what + ": not a readable pack archive: " + message(e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException(what + ": refused: " + e.getMessage());
        }
    }

    static boolean isArchiveName(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
