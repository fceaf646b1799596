package dev.packyard.e2e.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for image manifests and indexes, serialized with {@link Json#pretty} and digested exactly as pushed. */
final class Manifests {

    private Manifests() {
    }

    static ImageBuilder image() {
        return new ImageBuilder();
    }

    static IndexBuilder index() {
        return new IndexBuilder();
    }

    /** An OCI image manifest. */
    static final class ImageBuilder {
        private boolean withMediaType = true;
        private String artifactType;
        private ObjectNode config = TestData.EMPTY_JSON.descriptor();
        private final ArrayNode layers = Json.MAPPER.createArrayNode();
        private ObjectNode subject;
        private final Map<String, String> annotations = new LinkedHashMap<>();

        /** Leaves the {@code mediaType} field out of the body. */
        ImageBuilder withoutMediaType() {
            withMediaType = false;
            return this;
        }

        ImageBuilder artifactType(String type) {
            artifactType = type;
            return this;
        }

        ImageBuilder config(Content content) {
            config = content.descriptor();
            return this;
        }

        ImageBuilder layer(Content content) {
            layers.add(content.descriptor());
            return this;
        }

        ImageBuilder subject(Content manifest) {
            subject = manifest.descriptor();
            return this;
        }

        ImageBuilder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        Content build() {
            return build("sha256");
        }

        Content build(String algorithm) {
            ObjectNode manifest = Json.MAPPER.createObjectNode();
            manifest.put("schemaVersion", 2);
            if (withMediaType) {
                manifest.put("mediaType", TestData.OCI_MANIFEST);
            }
            if (artifactType != null) {
                manifest.put("artifactType", artifactType);
            }
            manifest.set("config", config);
            manifest.set("layers", layers);
            if (subject != null) {
                manifest.set("subject", subject);
            }
            if (!annotations.isEmpty()) {
                ObjectNode node = manifest.putObject("annotations");
                annotations.forEach(node::put);
            }
            return Content.of(TestData.OCI_MANIFEST, Json.pretty(manifest), algorithm);
        }
    }

    /** An OCI image index. */
    static final class IndexBuilder {
        private String artifactType;
        private final ArrayNode manifests = Json.MAPPER.createArrayNode();
        private ObjectNode subject;
        private final Map<String, String> annotations = new LinkedHashMap<>();

        IndexBuilder artifactType(String type) {
            artifactType = type;
            return this;
        }

        IndexBuilder manifest(Content content) {
            manifests.add(content.descriptor());
            return this;
        }

        IndexBuilder subject(Content manifest) {
            subject = manifest.descriptor();
            return this;
        }

        IndexBuilder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        Content build() {
            return build("sha256");
        }

        Content build(String algorithm) {
            ObjectNode index = Json.MAPPER.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", TestData.OCI_INDEX);
            if (artifactType != null) {
                index.put("artifactType", artifactType);
            }
            index.set("manifests", manifests);
            if (subject != null) {
                index.set("subject", subject);
            }
            if (!annotations.isEmpty()) {
                ObjectNode node = index.putObject("annotations");
                annotations.forEach(node::put);
            }
            return Content.of(TestData.OCI_INDEX, Json.pretty(index), algorithm);
        }
    }
}
