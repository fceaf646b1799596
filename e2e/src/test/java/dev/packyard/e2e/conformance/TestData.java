package dev.packyard.e2e.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

/**
 * The conformance suite's test data (distribution-spec {@code conformance/setup.go} and {@code image.go}, v1.1):
 * configs with a random author so every run has fresh digests, the fixed 168-byte gzip layer, the image manifests
 * with inline {@code data} and unknown fields, and the referrer blobs and artifact types.
 */
final class TestData {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    /** The suite's fixed layer: a 168-byte tar.gz. */
    static final String LAYER_BASE64 = "H4sIAAAAAAAAA+3OQQrCMBCF4a49xXgBSUnaHMCTRBptQRNpp6i3t0UEV7oqIv7fYgbmzeJpHHSjVy0WZCa1c/MufWVe94N3RWlrZ72x3k/30nhbFWKWLPU0Dhp6keJ8im//PuU/6pZH2WVtYx8b0Sz7LjWSR5VLG6YRBumSzOlGtjkd+qDjMWiX07Befbs7AAAAAAAAAAAAAAAAAPyzO34MnqoAKAAA";
    static final String LAYER_DIGEST = "sha256:48acff1d91752e957527c1b5416e7376d910bcacf01b9441175f8c270e35c183";
    static final Content LAYER = Content.of(OCI_LAYER, Base64.getDecoder().decode(LAYER_BASE64));

    /** {@code sha256("hello world")}: a digest the tests never push. */
    static final String DUMMY_DIGEST = "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    /** Not even a valid tag; pulls of it must give 404. */
    static final String NONEXISTENT_MANIFEST = ".INVALID_MANIFEST_NAME";
    static final String INVALID_MANIFEST_CONTENT = "blablabla";

    static final Content EMPTY_JSON = Content.of(OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    static final String EMPTY_JSON_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    static final String ARTIFACT_TYPE_A = "application/vnd.nhl.peanut.butter.bagel";
    static final String ARTIFACT_TYPE_B = "application/vnd.nba.strawberry.jam.croissant";
    static final String ARTIFACT_TYPE_INDEX = "application/vnd.food.stand";
    static final Content REF_BLOB_A = Content.of(ARTIFACT_TYPE_A,
            "NHL Peanut Butter on my NHL bagel".getBytes(StandardCharsets.UTF_8));
    static final Content REF_BLOB_B = Content.of(ARTIFACT_TYPE_B,
            "NBA Strawberry Jam on my NBA croissant".getBytes(StandardCharsets.UTF_8));
    static final String ANNOTATION_KEY = "org.opencontainers.conformance.test";

    private static final String AUTHOR_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-";
    private static final Random RANDOM = new SecureRandom();

    private TestData() {
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A random opaque blob with its sha256 digest. */
    static Content randomBlob(int size) {
        return Content.blob(randomBytes(size));
    }

    static String randomAuthor() {
        StringBuilder author = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            author.append(AUTHOR_CHARS.charAt(RANDOM.nextInt(AUTHOR_CHARS.length())));
        }
        return author.toString();
    }

    /** Random lowercase letters, usable in repository names and tags. */
    static String randomLower(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return text.toString();
    }

    /** An image config with a random author, digest under sha256. */
    static Content config() {
        return config("sha256");
    }

    /** An image config with a random author: {@code {"author","architecture","os","rootfs"}}. */
    static Content config(String algorithm) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("author", randomAuthor());
        config.put("architecture", "amd64");
        config.put("os", "linux");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        return Content.of(OCI_CONFIG, Json.pretty(config), algorithm);
    }

    /**
     * The suite's {@code manifests[i]}: an OCI image manifest whose config descriptor carries the config inline
     * ({@code data}) and an unknown field, and whose layer descriptor carries {@code "newUnspecifiedField": null}.
     */
    static Content ginkgoManifest(Content config) {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.set("config", ginkgoConfigDescriptor(config));
        ObjectNode layer = LAYER.descriptor();
        layer.putNull("newUnspecifiedField");
        manifest.putArray("layers").add(layer);
        return Content.of(OCI_MANIFEST, Json.pretty(manifest));
    }

    /**
     * The suite's {@code emptyLayerManifest}: no {@code mediaType} field and no layers, so the registry must take
     * the media type from {@code Content-Type} (as Helm's older pushes do).
     */
    static Content emptyLayerManifest(Content config) {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.set("config", ginkgoConfigDescriptor(config));
        manifest.putArray("layers");
        return Content.of(OCI_MANIFEST, Json.pretty(manifest));
    }

    /**
     * The suite's referrer manifests for one subject: two whose artifact type comes from {@code config.mediaType}
     * (A and B), two with a top-level {@code artifactType} (A and B), one more (C, no annotations) whose subject is
     * {@code missingSubject}, and an index referrer listing the two A manifests. Each but C carries exactly one
     * annotation, {@link #ANNOTATION_KEY}.
     */
    record Referrers(Content aConfig, Content bConfig, Content aLayer, Content bLayer, Content cLayer, Content index) {
    }

    static Referrers referrers(Content subject, Content missingSubject) {
        Content aConfig = Manifests.image().config(REF_BLOB_A).layer(EMPTY_JSON).subject(subject)
                .annotation(ANNOTATION_KEY, "test config a").build();
        Content bConfig = Manifests.image().config(REF_BLOB_B).layer(EMPTY_JSON).subject(subject)
                .annotation(ANNOTATION_KEY, "test config b").build();
        Content aLayer = Manifests.image().artifactType(ARTIFACT_TYPE_A).config(EMPTY_JSON).layer(REF_BLOB_A)
                .subject(subject).annotation(ANNOTATION_KEY, "test layer a").build();
        Content bLayer = Manifests.image().artifactType(ARTIFACT_TYPE_B).config(EMPTY_JSON).layer(REF_BLOB_B)
                .subject(subject).annotation(ANNOTATION_KEY, "test layer b").build();
        Content cLayer = Manifests.image().artifactType(ARTIFACT_TYPE_B).config(EMPTY_JSON).layer(REF_BLOB_B)
                .subject(missingSubject).build();
        Content index = Manifests.index().artifactType(ARTIFACT_TYPE_INDEX).manifest(aConfig).manifest(aLayer)
                .subject(subject).annotation(ANNOTATION_KEY, "test index").build();
        return new Referrers(aConfig, bConfig, aLayer, bLayer, cLayer, index);
    }

    private static ObjectNode ginkgoConfigDescriptor(Content config) {
        ObjectNode descriptor = config.descriptor();
        descriptor.put("data", Base64.getEncoder().encodeToString(config.bytes()));
        descriptor.put("newUnspecifiedField", "aGVsbG8gd29ybGQ=");
        return descriptor;
    }
}
