package dev.packyard.packs.chart;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.packyard.packs.ArchiveKind;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.UnsafeArchiveException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a chart package ({@code helm package} output) defensively: the archive rules of {@link PackArchive} (no
 * zip-slip, no links out, bounded expansion), then Helm's layout, one top-level folder with {@code Chart.yaml} in
 * it, then the metadata.
 */
public final class ChartArchive {

    /** Default ceiling on a chart's expanded size; Helm charts are configuration, rarely more than a few MiB. */
    public static final long DEFAULT_MAX_EXPANDED_BYTES = 64L * 1024 * 1024;

    private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ChartArchive() {
    }

    /** Reads the chart in {@code tgz}; the stream is read, not closed. */
    public static Chart read(InputStream tgz, long maxExpandedBytes) throws IOException, InvalidChartException {
        PackFiles files;
        try {
            files = PackArchive.read(tgz, maxExpandedBytes, ArchiveKind.CHART);
        } catch (UnsafeArchiveException e) {
            throw new InvalidChartException(e.rule(), "the chart archive was refused: " + e.getMessage());
        }
        String folder = topFolder(files);
        byte[] chartYaml = files.file(folder + "/Chart.yaml").orElseThrow(() -> new InvalidChartException(
                "chart.yaml.missing", "the chart archive has no " + folder + "/Chart.yaml; a chart package holds "
                + "the chart folder with Chart.yaml at its top, as helm package makes it"));
        return new Chart(metadata(chartYaml), folder);
    }

    /** Reads a chart from bytes in memory. */
    public static Chart read(byte[] tgz, long maxExpandedBytes) throws InvalidChartException {
        try {
            return read(new ByteArrayInputStream(tgz), maxExpandedBytes);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    /** Parses and checks a Chart.yaml. */
    public static ChartMetadata metadata(byte[] chartYaml) throws InvalidChartException {
        JsonNode tree;
        try {
            tree = YAML.readTree(chartYaml);
        } catch (JsonProcessingException e) {
            String where = Optional.ofNullable(e.getLocation())
                    .map(l -> " at line " + l.getLineNr() + ", column " + l.getColumnNr()).orElse("");
            throw new InvalidChartException("chart.yaml.syntax", "Chart.yaml is not valid YAML" + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        return ChartMetadata.of(tree);
    }

    /** Helm keeps a chart in one folder at the archive's top and refuses anything beside it. */
    private static String topFolder(PackFiles files) throws InvalidChartException {
        String folder = null;
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            int slash = file.getKey().indexOf('/');
            if (slash <= 0) {
                throw new InvalidChartException("chart.layout", "the chart archive has '" + file.getKey()
                        + "' at its top; a chart package holds one folder (the chart) and nothing beside it");
            }
            String top = file.getKey().substring(0, slash);
            if (folder == null) {
                folder = top;
            } else if (!folder.equals(top)) {
                throw new InvalidChartException("chart.layout", "the chart archive has two top-level folders, '"
                        + folder + "' and '" + top + "'; a chart package holds exactly one");
            }
        }
        return folder;
    }
}
