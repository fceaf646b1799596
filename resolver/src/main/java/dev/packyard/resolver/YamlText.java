package dev.packyard.resolver;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Values YAML in and out. Read like the pack validator reads values.yaml (decimals kept as written, duplicate keys
 * refused, as Helm refuses them); written in one fixed style (no document marker, quotes only where YAML needs them,
 * numbers-as-text quoted so they stay text, multi-line text as literal blocks), so the same tree is always the same
 * text and hence the same digest.
 */
final class YamlText {

    private static final YAMLMapper READER = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** A parse: the tree (an empty mapping for an empty document), or the error with line and column. */
    record Parsed(JsonNode tree, String error) {

        boolean ok() {
            return error == null;
        }
    }

    private YamlText() {
    }

    static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(JsonNodeFactory.instance.objectNode(), null);
        }
        try {
            JsonNode tree = READER.readTree(text);
            return new Parsed(tree == null || tree.isMissingNode() ? JsonNodeFactory.instance.objectNode() : tree, null);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return new Parsed(null, "line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1) + ": "
                        + (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem());
            }
            JsonLocation at = e.getLocation();
            return new Parsed(null, (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
                    + e.getOriginalMessage().replace("Duplicate field", "Duplicate key"));
        }
    }

    /** The tree as YAML text; {@code ""} for an empty mapping. */
    static String write(JsonNode tree) {
        if (tree.isObject() && tree.isEmpty()) {
            return "";
        }
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a values tree could not be written as YAML", e);
        }
    }

    /** {@code sha256:<hex>} of the text's UTF-8 bytes. */
    static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
