package dev.packyard.signing;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Cosign's simple-signing payload: the JSON document a cosign signature signs, stored as the signature manifest's
 * layer blob (media type {@value #MEDIA_TYPE}) with the base64 signature in the layer annotation
 * {@value #SIGNATURE_ANNOTATION}.
 *
 * <pre>{"critical":{"identity":{"docker-reference":REF},"image":{"docker-manifest-digest":DIGEST},
 * "type":"cosign container image signature"},"optional":ANNOTATIONS-or-null}</pre>
 *
 * <p>A signature covers the exact bytes of the blob, never a re-serialisation, so {@link #toBytes()} is what gets
 * signed and uploaded, and a verifier checks the bytes it downloaded. {@code toBytes()} writes what cosign (Go's
 * encoding/json) writes for the same values: the field order above, {@code "optional":null} without annotations,
 * annotation keys sorted, and Go's escaping ({@code <}, {@code >} and {@code &} written as &#92;u003c, &#92;u003e and
 * &#92;u0026).
 *
 * @param dockerReference the repository the signer meant; empty when a parsed payload has none. Cosign does not
 *                        check it
 * @param manifestDigest  the digest of the signed manifest, e.g. {@code sha256:...}; this is the claim that binds the
 *                        signature to one image
 * @param optional        the annotations ({@code cosign sign -a key=value}); empty when there are none. Immutable, keys
 *                        sorted; values are strings, numbers, booleans, {@code null}, lists or maps
 */
public record SimpleSigningPayload(String dockerReference, String manifestDigest, Map<String, Object> optional) {

    /** The media type of the payload blob in a cosign signature manifest. */
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    /** The layer annotation holding the base64 DER signature. The old project prefix is what cosign still uses. */
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    /** The only {@code critical.type} cosign accepts. */
    public static final String TYPE = "cosign container image signature";

    /** OCI image-spec digest grammar: {@code algorithm ":" encoded}. */
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final CharacterEscapes GO_ESCAPES = new GoEscapes();

    public SimpleSigningPayload {
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        if (!isDigest(manifestDigest)) {
            throw new IllegalArgumentException("manifestDigest '" + manifestDigest + "' is not an OCI digest; "
                    + "expected 'sha256:' and 64 lowercase hex digits");
        }
        optional = freezeMap(Objects.requireNonNullElse(optional, Map.of()), "optional");
    }

    /** A payload for a manifest, without annotations. */
    public static SimpleSigningPayload of(String dockerReference, String manifestDigest) {
        return of(dockerReference, manifestDigest, Map.of());
    }

    /**
     * A payload for a manifest, with annotations.
     *
     * @throws IllegalArgumentException if the reference is blank or the digest is not an OCI digest
     */
    public static SimpleSigningPayload of(String dockerReference, String manifestDigest, Map<String, ?> annotations) {
        if (dockerReference == null || dockerReference.isBlank()) {
            throw new IllegalArgumentException("dockerReference must name the signed repository, "
                    + "e.g. registry.example.com/packs/nginx");
        }
        return new SimpleSigningPayload(dockerReference, manifestDigest, Collections.unmodifiableMap(annotations));
    }

    /** The payload's JSON bytes: what is signed and uploaded as the layer blob. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.setCharacterEscapes(GO_ESCAPES);
            json.writeStartObject();
            json.writeObjectFieldStart("critical");
            json.writeObjectFieldStart("identity");
            json.writeStringField("docker-reference", dockerReference);
            json.writeEndObject();
            json.writeObjectFieldStart("image");
            json.writeStringField("docker-manifest-digest", manifestDigest);
            json.writeEndObject();
            json.writeStringField("type", TYPE);
            json.writeEndObject();
            json.writeFieldName("optional");
            if (optional.isEmpty()) {
                json.writeNull();
            } else {
                JSON.writeValue(json, optional);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a payload, checking its structure and type as cosign does. Field names match case-insensitively, as Go's
     * JSON decoding does, but a name given twice (in any case) is refused: two parsers could pick different ones.
     *
     * @throws PayloadException {@code MALFORMED} for bad JSON or structure, {@code WRONG_TYPE} for another type,
     *                          {@code DIGEST_MISMATCH} when there is no usable manifest digest
     */
    public static SimpleSigningPayload parse(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw malformed("it is not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("it is not a JSON object", null);
        }
        JsonNode critical = field(root, "critical");
        if (critical == null || !critical.isObject()) {
            throw malformed("it has no \"critical\" object", null);
        }
        JsonNode type = field(critical, "type");
        if (type == null || !type.isTextual()) {
            throw new PayloadException(PayloadException.Problem.WRONG_TYPE,
                    "the payload has no critical.type; a cosign signature payload has type '" + TYPE + "'.");
        }
        if (!type.textValue().equals(TYPE)) {
            throw new PayloadException(PayloadException.Problem.WRONG_TYPE,
                    "the payload's critical.type is '" + type.textValue() + "', not '" + TYPE + "'.");
        }
        JsonNode image = field(critical, "image");
        JsonNode digest = image != null && image.isObject() ? field(image, "docker-manifest-digest") : null;
        if (digest == null || !digest.isTextual() || !isDigest(digest.textValue())) {
            throw new PayloadException(PayloadException.Problem.DIGEST_MISMATCH,
                    "invalid or missing digest in claim: the payload has no valid critical.image."
                            + "docker-manifest-digest.");
        }
        JsonNode identity = field(critical, "identity");
        JsonNode reference = identity != null && identity.isObject() ? field(identity, "docker-reference") : null;
        if (reference != null && !reference.isTextual() && !reference.isNull()) {
            throw malformed("critical.identity.docker-reference is not a string", null);
        }
        JsonNode optional = field(root, "optional");
        if (optional != null && !optional.isObject() && !optional.isNull()) {
            throw malformed("\"optional\" is neither an object nor null", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = optional == null || optional.isNull()
                ? Map.of()
                : JSON.convertValue(optional, Map.class);
        return new SimpleSigningPayload(reference == null || reference.isNull() ? "" : reference.textValue(),
                digest.textValue(), annotations);
    }

    /**
     * Reads a payload and checks that it claims the expected manifest: the check that stops a valid signature of one
     * image from being replayed onto another.
     *
     * @throws PayloadException as {@link #parse}, and {@code DIGEST_MISMATCH} for a claim about another manifest
     */
    public static SimpleSigningPayload parse(byte[] payload, String expectedManifestDigest) {
        Objects.requireNonNull(expectedManifestDigest, "expectedManifestDigest");
        SimpleSigningPayload parsed = parse(payload);
        if (!parsed.manifestDigest.equals(expectedManifestDigest)) {
            throw new PayloadException(PayloadException.Problem.DIGEST_MISMATCH,
                    "invalid or missing digest in claim: the payload claims " + parsed.manifestDigest
                            + ", but the signed manifest is " + expectedManifestDigest + ".");
        }
        return parsed;
    }

    /** {@code true} for an OCI digest; sha256 and sha512 must also have the right length of lowercase hex. */
    static boolean isDigest(String value) {
        if (!DIGEST.matcher(value).matches()) {
            return false;
        }
        if (value.startsWith("sha256:")) {
            return SHA256.matcher(value).matches();
        }
        return !value.startsWith("sha512:") || SHA512.matcher(value).matches();
    }

    /** A field by name, compared case-insensitively like Go's JSON decoding; refuses a name present twice. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode found = null;
        String foundName = null;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw malformed("it has both \"" + foundName + "\" and \"" + entry.getKey() + "\"", null);
                }
                found = entry.getValue();
                foundName = entry.getKey();
            }
        }
        return found;
    }

    private static PayloadException malformed(String why, Throwable cause) {
        return new PayloadException(PayloadException.Problem.MALFORMED,
                "the signature payload is not a cosign simple-signing document: " + why + ".", cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map, String where) {
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(where + " has a key that is not a string: " + entry.getKey());
            }
            copy.put(key, freeze(entry.getValue(), where + "." + key));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object freeze(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap(map, where);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(freeze(list.get(i), where + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(where + " is a " + value.getClass().getSimpleName()
                + "; annotation values must be strings, numbers, booleans, lists or maps");
    }

    /**
     * Go's encoding/json string escaping: HTML-significant characters and the JavaScript line separators as
     * lowercase &#92;uXXXX escapes, control characters as {@code \b \f \n \r \t} or lowercase &#92;u00XX.
     * Jackson's defaults differ (uppercase hex, no HTML escaping), which would change the signed bytes.
     */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        GoEscapes() {
            ascii = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\b' && c != '\f' && c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
