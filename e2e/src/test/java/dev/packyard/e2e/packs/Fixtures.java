package dev.packyard.e2e.packs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.PackFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The real pack-central packs shared by the whole project ({@code ../shared/fixtures/pack-central}, read in place and
 * never copied into the project), and the built-in catalog's source folder ({@code packs/catalog}).
 */
final class Fixtures {

    /** From the e2e module's working folder ({@code /work/main/e2e}) to the shared fixtures. */
    static final Path PACK_CENTRAL = Path.of("../../shared/fixtures/pack-central").toAbsolutePath().normalize();

    /** The built-in catalog's source, which the server jar bundles. */
    static final Path BUILTIN_CATALOG = Path.of("../packs/catalog").toAbsolutePath().normalize();

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** One pack version in a folder; the folder's name need not be {@code <name>-<version>}. */
    record Fixture(Path folder, String name, String version) {

        String ref() {
            return name + ":" + version;
        }

        PackFiles files() {
            return read(folder);
        }

        @Override
        public String toString() {
            return folder.getFileName() + " (" + name + " " + version + ")";
        }
    }

    /** Every pack-central fixture, by folder name. */
    static List<Fixture> packCentral() {
        return packsIn(PACK_CENTRAL);
    }

    /** The pack-central fixture in {@code folderName}, e.g. {@code multus-3.9.0}. */
    static Fixture packCentral(String folderName) {
        return fixture(PACK_CENTRAL.resolve(folderName));
    }

    /** Every pack folder of the built-in catalog. */
    static List<Fixture> builtinCatalog() {
        return packsIn(BUILTIN_CATALOG);
    }

    static List<Fixture> packsIn(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(root + " is missing; run the tests from the e2e module's folder");
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).sorted().map(Fixtures::fixture).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fixture fixture(Path folder) {
        try {
            JsonNode packJson = JSON.readTree(folder.resolve("pack.json").toFile());
            return new Fixture(folder, packJson.path("name").asText(), packJson.path("version").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PackFiles read(Path folder) {
        try {
            return PackFiles.readFolder(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder (recursively) to {@code target}, to be broken there; the source is left as it is. */
    static Path copy(Path folder, Path target) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path source : walk.toList()) {
                Path to = target.resolve(folder.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(source, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when both packs hold the same files with the same bytes; otherwise what differs, for a message. */
    static String difference(PackFiles expected, PackFiles actual) {
        if (expected.equals(actual)) {
            return null;
        }
        SortedSet<String> missing = new TreeSet<>(expected.paths());
        missing.removeAll(actual.paths());
        SortedSet<String> extra = new TreeSet<>(actual.paths());
        extra.removeAll(expected.paths());
        List<String> changed = new ArrayList<>();
        Map<String, byte[]> expectedFiles = expected.files();
        Map<String, byte[]> actualFiles = actual.files();
        expectedFiles.forEach((path, bytes) -> {
            byte[] other = actualFiles.get(path);
            if (other != null && !java.util.Arrays.equals(bytes, other)) {
                changed.add(path + " (" + bytes.length + " vs " + other.length + " bytes)");
            }
        });
        return "missing " + missing + ", unexpected " + extra + ", different " + changed;
    }
}
