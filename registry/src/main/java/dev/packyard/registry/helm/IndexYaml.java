package dev.packyard.registry.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.packs.chart.ChartMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Helm's repository index, {@code index.yaml} (Helm's {@code repo.IndexFile}). Helm loads it strictly, so an entry
 * carries exactly Helm's fields: the chart's metadata plus {@code urls}, {@code created} and {@code digest} (bare hex
 * SHA-256 of the package). Entries are rendered once each and joined per request of a changed index.
 */
final class IndexYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /** The {@code created} key of the list item (its keys sit two spaces in; nested values sit deeper). */
    private static final Pattern CREATED = Pattern.compile("(?m)^([- ] created: )(\\S+)$");

    private IndexYaml() {
    }

    /** An index entry: Chart.yaml's fields and the repository's, sorted by key as Helm writes them. */
    static ObjectNode entry(ChartMetadata metadata, Instant created, String digestHex, String fileName) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        metadata.fields().properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.put("created", JsonNodeFactory.instance.textNode(timestamp(created)));
        sorted.put("digest", JsonNodeFactory.instance.textNode(digestHex));
        sorted.put("urls", JsonNodeFactory.instance.arrayNode().add("charts/" + fileName));
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        sorted.forEach(entry::set);
        return entry;
    }

    /** The entry as a YAML list item indented two spaces, to sit under {@code entries: <name>:}. */
    static String entryYaml(ObjectNode entry) {
        // Helm writes the time quoted; a plain scalar would be a YAML timestamp, which not every reader maps back.
        String item = CREATED.matcher(write(List.of(entry))).replaceFirst("$1\"$2\"");
        StringBuilder indented = new StringBuilder(item.length() + 64);
        for (String line : item.split("\n", -1)) {
            if (!line.isEmpty()) {
                indented.append("  ").append(line).append('\n');
            }
        }
        return indented.toString();
    }

    /** The whole index: charts by name (sorted), each chart's versions newest first. */
    static byte[] render(Map<String, List<IndexedChart>> charts, Instant generated) {
        StringBuilder out = new StringBuilder(64 + charts.size() * 1024);
        out.append("apiVersion: v1\n");
        if (charts.isEmpty()) {
            out.append("entries: {}\n");
        } else {
            out.append("entries:\n");
            for (Map.Entry<String, List<IndexedChart>> chart : new TreeMap<>(charts).entrySet()) {
                // Quoted, so a chart named e.g. "true" or "1.0" stays a string key; names never hold '"' or '\\'.
                out.append("  \"").append(chart.getKey()).append("\":\n");
                for (IndexedChart version : chart.getValue()) {
                    out.append(version.yaml());
                }
            }
        }
        out.append("generated: \"").append(timestamp(generated)).append("\"\n");
        out.append("serverInfo: {}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String write(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an index entry could not be written as YAML", e);
        }
    }
}
