package dev.packyard.registry.packs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackValidator;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.manifest.MediaTypes;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.UploadStore;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StoragePath;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Publishes the packs bundled with the server ({@code packs/catalog/}, packaged as the {@code catalog/} resource
 * folder) into the registry on the first start, as ordinary pack artifacts at {@code spectro-packs/archive/<name>}.
 * A marker in storage records that it ran, so packs an operator deletes later do not come back.
 */
public final class BuiltinCatalog {

    private static final Logger LOG = Logger.getLogger(BuiltinCatalog.class.getName());
    private static final StoragePath MARKER = StoragePath.of("_system/builtin-catalog");
    private static final String RESOURCE = "catalog";

    private final StorageDriver storage;
    private final UploadStore uploads;
    private final ManifestStore manifests;
    private final ManifestPublisher publisher;
    private final ObjectMapper json = new ObjectMapper();

    BuiltinCatalog(StorageDriver storage, UploadStore uploads, ManifestStore manifests, ManifestPublisher publisher) {
        this.storage = storage;
        this.uploads = uploads;
        this.manifests = manifests;
        this.publisher = publisher;
    }

    /** Publishes every bundled pack version not yet in the registry, unless this storage was published to before. */
    void publishOnFirstStart() throws IOException {
        if (storage.stat(MARKER).isPresent()) {
            return;
        }
        List<PackFiles> packs = bundledPacks();
        long started = System.nanoTime();
        int published = 0;
        for (PackFiles files : packs) {
            if (publish(files)) {
                published++;
            }
            if ((published % 10) == 0 && published > 0) {
                int done = published;
                LOG.info(() -> "built-in catalog: published " + done + " of " + packs.size() + " pack versions");
            }
        }
        storage.put(MARKER, ("published " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
        int total = published;
        LOG.info(() -> "built-in catalog: published " + total + " pack versions in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private boolean publish(PackFiles files) throws IOException {
        PackLoad load = new PackValidator().load(files);
        if (load.pack().isEmpty()) {
            throw new IllegalStateException("a bundled pack is invalid:\n" + load.report().format());
        }
        Pack pack = load.pack().get();
        String name = pack.metadata().name();
        String version = pack.metadata().version();
        RepositoryName repository = PackRepository.named("", name).repository();
        if (manifests.resolveTag(repository, version).isPresent()) {
            return false;
        }
        byte[] tarball = PackArchive.create(files, name + "-" + version);
        byte[] config = files.file("pack.json").orElseThrow();
        Digest layer = upload(repository, tarball);
        Digest configDigest = upload(repository, config);
        byte[] manifest = manifest(configDigest, config.length, layer, tarball.length, name + "-" + version + ".tar.gz");
        Digest digest = Digest.of(DigestAlgorithm.SHA256, manifest);
        publisher.publish(repository, digest, manifest,
                new ManifestParser().parse(manifest, Optional.of(MediaTypes.OCI_MANIFEST)), List.of(version));
        return true;
    }

    private Digest upload(RepositoryName repository, byte[] content) throws IOException {
        return uploads.uploadWhole(repository, Digest.of(DigestAlgorithm.SHA256, content), new ByteArrayInputStream(content));
    }

    /** The manifest a client pushing this pack with {@code packyard push} would send. */
    byte[] manifest(Digest config, long configSize, Digest layer, long layerSize, String title) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.put("artifactType", PackMediaTypes.ARTIFACT);
        ObjectNode configNode = root.putObject("config");
        configNode.put("mediaType", PackMediaTypes.CONFIG);
        configNode.put("digest", config.toString());
        configNode.put("size", configSize);
        ObjectNode layerNode = root.putArray("layers").addObject();
        layerNode.put("mediaType", PackMediaTypes.LAYER);
        layerNode.put("digest", layer.toString());
        layerNode.put("size", layerSize);
        layerNode.putObject("annotations").put(PackMediaTypes.TITLE, title);
        return json.writeValueAsBytes(root);
    }

    /** Every pack folder under the {@code catalog/} resource, in a jar or a classes folder. */
    static List<PackFiles> bundledPacks() throws IOException {
        URL url = BuiltinCatalog.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            return List.of();
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return readPacks(jar.provider().getPath(uri));
            }
        }
        return readPacks(Path.of(uri));
    }

    private static List<PackFiles> readPacks(Path catalog) throws IOException {
        try (Stream<Path> folders = Files.list(catalog)) {
            return folders.filter(Files::isDirectory).sorted().map(folder -> {
                try {
                    return readFolder(folder);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Reads a folder of any file system (a jar's included), unlike {@link PackFiles#readFolder}, which needs a disk. */
    private static PackFiles readFolder(Path folder) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return new PackFiles(files);
    }
}
