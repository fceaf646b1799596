package dev.packyard.packs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Decodes and parses pack files (UTF-8 JSON and YAML) into Jackson trees, turning every failure into a {@link Problem}
 * with line and column instead of an exception.
 */
final class StructuredText {

    // Decimals are kept exactly (BigDecimal, trailing zeros kept), so a chart version written as 1.10 stays "1.10".
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // Duplicate keys are refused because Helm's YAML reader refuses them too: the pack would fail at deploy time.
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StructuredText() {
    }

    /**
     * The YAML document of an optional pack file: a missing node when the file is absent, empty when it can't be
     * read (the problem is recorded).
     */
    static Optional<JsonNode> optionalYaml(PackFiles files, String file, Problems problems) {
        byte[] bytes = files.bytes(file);
        if (bytes == null) {
            return Optional.of(MissingNode.getInstance());
        }
        return decode(bytes, file, problems).flatMap(text -> yaml(text, file, "", problems));
    }

    /** The file as UTF-8 text without a byte-order mark, or empty after reporting malformed UTF-8. */
    static Optional<String> decode(byte[] bytes, String file, Problems problems) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            problems.error(file, "", "file.encoding", "is not valid UTF-8 text",
                    "save the file as UTF-8");
            return Optional.empty();
        }
    }

    /** The JSON tree of {@code text}, or empty after reporting the syntax error. */
    static Optional<JsonNode> json(String text, String file, String field, Problems problems) {
        return parse(JSON, text, file, field, problems, "json.syntax", "JSON");
    }

    /**
     * The YAML tree of {@code text} ({@link MissingNode} for an empty document), or empty after reporting the syntax
     * error. Only the first document of a multi-document stream is read, as Helm does with values.
     */
    static Optional<JsonNode> yaml(String text, String file, String field, Problems problems) {
        return parse(YAML, text, file, field, problems, "yaml.syntax", "YAML");
    }

    private static Optional<JsonNode> parse(ObjectMapper mapper, String text, String file, String field,
            Problems problems, String rule, String language) {
        try {
            JsonNode node = mapper.readTree(text);
            return Optional.of(node == null ? MissingNode.getInstance() : node);
        } catch (JsonProcessingException e) {
            String where;
            String what;
            // SnakeYAML knows where the problem is; Jackson's own location is where the parser was, often earlier.
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                where = "line " + (marked.getProblemMark().getLine() + 1)
                        + ", column " + (marked.getProblemMark().getColumn() + 1);
                what = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            } else {
                JsonLocation at = e.getLocation();
                where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
                what = e.getOriginalMessage();
            }
            boolean duplicate = what.startsWith("Duplicate field");
            problems.error(file, field, duplicate ? "yaml.duplicate-key" : rule,
                    (where.isEmpty() ? "" : where + ": ") + (duplicate ? what.replace("field", "key") : what),
                    duplicate ? "keep one of the keys; Helm refuses duplicate keys"
                            : "correct the " + language + " syntax at that place");
            return Optional.empty();
        }
    }
}
