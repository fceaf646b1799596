package dev.packyard.registry.oci.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pushed manifest of any supported media type and checks its structure, naming the field at fault.
 * One small method per media type family, as distribution has one handler per manifest type.
 */
public final class ManifestParser {

    /**
     * Strict reading: trailing bytes after the object and duplicate keys are refused, so what the registry checks is
     * exactly what every client will read from the stored bytes.
     */
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * @param body        the exact pushed bytes
     * @param contentType the request's {@code Content-Type}, which names the type when the body has no {@code mediaType}
     */
    public Manifest parse(byte[] body, Optional<String> contentType) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("the manifest could not be read: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid("a manifest must be a JSON object");
        }
        String mediaType = mediaType(object, contentType.map(MediaTypes::withoutParameters));
        if (!mediaType.equals(MediaTypes.OCI_ARTIFACT_MANIFEST)) {
            JsonNode version = object.get("schemaVersion");
            if (version == null || !version.isInt() || version.intValue() != 2) {
                throw invalid("schemaVersion must be 2 for " + mediaType);
            }
        }
        Optional<Descriptor> subject = object.has("subject")
                ? Optional.of(descriptor(object.get("subject"), "subject")) : Optional.empty();
        Optional<String> artifactType = optionalText(object, "artifactType");
        Map<String, String> annotations = annotations(object.get("annotations"), "annotations");
        return switch (mediaType) {
            case MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST -> {
                Descriptor config = descriptor(required(object, "config"), "config");
                List<Descriptor> blobs = new ArrayList<>();
                blobs.add(config);
                blobs.addAll(descriptors(object, "layers", true));
                yield new Manifest(mediaType, blobs, List.of(), subject,
                        artifactType.or(() -> Optional.of(config.mediaType())), annotations);
            }
            case MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST -> new Manifest(mediaType, List.of(),
                    descriptors(object, "manifests", true), subject, artifactType, annotations);
            case MediaTypes.OCI_ARTIFACT_MANIFEST -> new Manifest(mediaType, descriptors(object, "blobs", false),
                    List.of(), subject, artifactType, annotations);
            default -> throw new IllegalStateException("unhandled media type " + mediaType);
        };
    }

    private static String mediaType(ObjectNode object, Optional<String> contentType) {
        Optional<String> declared = optionalText(object, "mediaType");
        if (declared.isPresent()) {
            String type = declared.get();
            if (!MediaTypes.MANIFESTS.contains(type)) {
                throw invalid("mediaType '" + type + "' is not a manifest type this registry stores; use one of "
                        + String.join(", ", MediaTypes.MANIFESTS.stream().sorted().toList()));
            }
            if (contentType.isPresent() && MediaTypes.MANIFESTS.contains(contentType.get())
                    && !contentType.get().equals(type)) {
                throw invalid("the Content-Type header '" + contentType.get() + "' differs from the manifest's mediaType '"
                        + type + "'; send Content-Type: " + type);
            }
            return type;
        }
        if (contentType.isPresent() && MediaTypes.MANIFESTS.contains(contentType.get())) {
            return contentType.get();
        }
        throw invalid("the manifest has no mediaType field and the Content-Type header ("
                + contentType.orElse("none") + ") is not a manifest type; send Content-Type: " + MediaTypes.OCI_MANIFEST
                + " or another manifest media type");
    }

    private static JsonNode required(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw invalid("'" + field + "' is required");
        }
        return node;
    }

    private static List<Descriptor> descriptors(ObjectNode object, String field, boolean required) {
        JsonNode array = object.get(field);
        if (array == null || array.isNull()) {
            if (required) {
                throw invalid("'" + field + "' is required (it may be an empty list)");
            }
            return List.of();
        }
        if (!array.isArray()) {
            throw invalid("'" + field + "' must be a list of descriptors");
        }
        List<Descriptor> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String field) {
        if (!(node instanceof ObjectNode object)) {
            throw invalid("'" + field + "' must be a descriptor object with mediaType, digest and size");
        }
        String mediaType = optionalText(object, "mediaType")
                .orElseThrow(() -> invalid("'" + field + ".mediaType' is required"));
        String digestText = optionalText(object, "digest")
                .orElseThrow(() -> invalid("'" + field + ".digest' is required"));
        JsonNode size = object.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.longValue() < 0) {
            throw invalid("'" + field + ".size' must be a non-negative integer");
        }
        Digest digest = switch (Digest.parse(digestText)) {
            case Digest.Valid valid -> valid.digest();
            case Digest.Unsupported unsupported -> throw new OciException(ErrorCode.MANIFEST_INVALID,
                    "'" + field + ".digest' uses algorithm '" + unsupported.algorithm()
                            + "', which this registry does not support (" + dev.packyard.registry.oci.DigestAlgorithm.supportedIds() + ")");
            case Digest.Invalid bad -> throw invalid("'" + field + ".digest' is invalid: " + bad.reason());
        };
        Map<String, String> annotations = annotations(object.get("annotations"), field + ".annotations");
        return new Descriptor(field, mediaType, digest, size.longValue(), annotations);
    }

    private static Map<String, String> annotations(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid("'" + field + "' must be an object of string values");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw invalid("'" + field + "." + entry.getKey() + "' must be a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    private static Optional<String> optionalText(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("'" + field + "' must be a string");
        }
        return Optional.of(node.textValue());
    }

    private static OciException invalid(String message) {
        return new OciException(ErrorCode.MANIFEST_INVALID, message);
    }
}
