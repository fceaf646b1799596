package dev.packyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a pack is stored as an OCI artifact at {@code spectro-packs/archive/<name>:<version>}: an image manifest with
 * {@code artifactType} {@value #ARTIFACT_TYPE}, the pack's {@code pack.json} as config blob, and one layer, the
 * pack's {@code .tar.gz}, titled {@code <name>-<version>.tar.gz}.
 */
public final class PackManifest {

    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String ARTIFACT_TYPE = "application/vnd.packyard.pack.v1";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.packyard.pack.config.v1+json";
    public static final String LAYER_MEDIA_TYPE = "application/vnd.packyard.pack.layer.v1.tar+gzip";
    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PackManifest() {
    }

    /** A content descriptor. */
    public record Blob(String mediaType, String digest, long size, Map<String, String> annotations) {
        public Blob {
            annotations = Map.copyOf(annotations);
        }

        public Optional<String> title() {
            return Optional.ofNullable(annotations.get(TITLE_ANNOTATION));
        }
    }

    /** The file name of a pack's archive layer: {@code <name>-<version>.tar.gz}. */
    public static String archiveName(String name, String version) {
        return name + "-" + version + ".tar.gz";
    }

    /** The descriptor of a pack's config blob (its pack.json bytes). */
    public static Blob config(byte[] packJson) {
        return new Blob(CONFIG_MEDIA_TYPE, sha256(packJson), packJson.length, Map.of());
    }

    /** The descriptor of a pack's archive layer. */
    public static Blob layer(String name, String version, String digest, long size) {
        return new Blob(LAYER_MEDIA_TYPE, digest, size, Map.of(TITLE_ANNOTATION, archiveName(name, version)));
    }

    /**
     * The manifest's bytes. They depend only on the two descriptors (no creation time), so pushing the same pack
     * twice gives the same manifest digest.
     */
    public static byte[] manifest(Blob config, Blob layer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MANIFEST_MEDIA_TYPE);
        root.put("artifactType", ARTIFACT_TYPE);
        root.set("config", descriptor(config));
        root.putArray("layers").add(descriptor(layer));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Picks the pack archive among a manifest's layers: the one with the pack layer media type; else the one titled
     * {@code *.tar.gz} or {@code *.tgz} (a pack pushed with plain {@code oras push}); else the only layer.
     *
     * @throws CliException when there is none, or more than one candidate
     */
    public static Blob packLayer(List<Blob> layers, String what) {
        List<Blob> typed = layers.stream().filter(l -> LAYER_MEDIA_TYPE.equals(l.mediaType())).toList();
        if (typed.size() == 1) {
            return typed.get(0);
        }
        if (typed.size() > 1) {
            throw new CliException(what + " has " + typed.size() + " pack archive layers; a pack has exactly one");
        }
        List<Blob> titled = layers.stream()
                .filter(l -> l.title().map(t -> t.toLowerCase(Locale.ROOT))
                        .filter(t -> t.endsWith(".tar.gz") || t.endsWith(".tgz")).isPresent())
                .toList();
        if (titled.size() == 1) {
            return titled.get(0);
        }
        if (titled.isEmpty() && layers.size() == 1) {
            return layers.get(0);
        }
        if (layers.isEmpty()) {
            throw new CliException(what + " has no layers: it is not a pack (a pack is one .tar.gz layer)");
        }
        throw new CliException(what + " has " + layers.size() + " layers and no single pack archive among them"
                + " (expected one layer of type " + LAYER_MEDIA_TYPE + " or one titled <name>-<version>.tar.gz)");
    }

    /** {@code sha256:<hex>} of some bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode descriptor(Blob blob) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", blob.mediaType());
        node.put("digest", blob.digest());
        node.put("size", blob.size());
        if (!blob.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            blob.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> annotations.put(e.getKey(), e.getValue()));
        }
        return node;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
