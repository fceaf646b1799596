package dev.packyard.resolver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.packyard.packs.Constraints;
import dev.packyard.packs.Dependency;
import dev.packyard.packs.DependencyType;
import dev.packyard.packs.Layer;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackMetadata;
import dev.packyard.packs.PackSection;
import dev.packyard.packs.PackState;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.PackValues;
import dev.packyard.resolver.profile.ProfileReader;
import dev.packyard.resolver.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Packs for tests: the shared pack-central fixtures and the built-in catalog read from disk, and synthetic packs. */
final class TestPacks {

    private static final PackValidator VALIDATOR = new PackValidator();
    private static final Map<Path, List<PackCandidate>> CACHE = new HashMap<>();

    private TestPacks() {
    }

    /** {@code ../shared/fixtures/pack-central} from the project root, found from the module or the root. */
    static Path fixtures() {
        return above("../shared/fixtures/pack-central");
    }

    /** {@code packs/catalog} of this project. */
    static Path catalog() {
        return above("packs/catalog");
    }

    private static Path above(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative).normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Every pack folder under {@code root}, validated and read; the digest is that of its deterministic archive. */
    static synchronized List<PackCandidate> read(Path root, String registry) {
        return CACHE.computeIfAbsent(root, r -> {
            List<PackCandidate> candidates = new ArrayList<>();
            try (Stream<Path> folders = Files.list(r)) {
                for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("pack.json"))).sorted().toList()) {
                    PackFiles files = PackFiles.readFolder(folder);
                    PackLoad load = VALIDATOR.load(files);
                    Pack pack = load.pack().orElseThrow(() -> new IllegalStateException(folder + ": "
                            + load.report().format()));
                    String digest = sha256(PackArchive.create(files, pack.folderName()));
                    candidates.add(PackCandidate.of(pack, digest, registry,
                            "spectro-packs/archive/" + pack.metadata().name()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.copyOf(candidates);
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<PackCandidate> fixturePacks() {
        return read(fixtures(), "pack-central");
    }

    static List<PackCandidate> catalogPacks() {
        return read(catalog(), "packyard");
    }

    /** The built-in catalog and the pack-central fixtures together. */
    static PackSource everything() {
        List<PackCandidate> all = new ArrayList<>(catalogPacks());
        all.addAll(fixturePacks());
        return PackSource.of(all);
    }

    static PackSource source(List<PackCandidate> base, PackCandidate... extra) {
        List<PackCandidate> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(extra));
        return PackSource.of(all);
    }

    static Profile profile(String yaml) {
        try {
            return ProfileReader.read(yaml).orElseThrow();
        } catch (ResolutionException e) {
            throw new AssertionError("test profile does not read: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Synthetic packs, built straight from records (no files): fast enough for generated catalogs.

    static Dependency dep(String pack, Layer layer, String min, String max, DependencyType type) {
        return new Dependency(pack, layer, min, max, type);
    }

    static Dependency requires(String pack, String min, String max) {
        return dep(pack, Layer.ADDON, min, max, DependencyType.REQUIRED);
    }

    static Dependency optional(String pack, String min, String max) {
        return dep(pack, Layer.ADDON, min, max, DependencyType.OPTIONAL);
    }

    static Dependency notSupported(String pack, String min, String max) {
        return dep(pack, Layer.ADDON, min, max, DependencyType.NOT_SUPPORTED);
    }

    static PackCandidate synthetic(String name, String version, Layer layer, Dependency... dependencies) {
        return synthetic(name, version, layer, List.of("all"), PackState.ACTIVE, Optional.empty(), dependencies);
    }

    static PackCandidate synthetic(String name, String version, Layer layer, List<String> clouds, PackState state,
            Optional<String> group, Dependency... dependencies) {
        Map<String, String> annotations = new TreeMap<>();
        if (state != PackState.ACTIVE) {
            annotations.put("system_state", state.id());
        }
        PackMetadata metadata = new PackMetadata(name, name, version, layer, Optional.empty(), Optional.empty(), clouds,
                Optional.empty(), group, Optional.empty(), annotations, List.of(), List.of(), List.of(),
                new Constraints(List.of(dependencies), List.of()));
        PackValues values = new PackValues("", JsonNodeFactory.instance.objectNode(), PackSection.EMPTY, List.of());
        Pack pack = new Pack(metadata, values, List.of(), List.of(), Optional.empty(), Optional.empty(),
                new PackFiles(new TreeMap<>()));
        return new PackCandidate(pack, YamlText.sha256(name + "@" + version), Optional.of("test"),
                Optional.of("spectro-packs/archive/" + name), state);
    }
}
