package dev.packyard.packs.chart;

import static dev.packyard.packs.chart.ChartTars.CHART_YAML;
import static dev.packyard.packs.chart.ChartTars.file;
import static dev.packyard.packs.chart.ChartTars.folder;
import static dev.packyard.packs.chart.ChartTars.link;
import static dev.packyard.packs.chart.ChartTars.tgz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Chart packages are read with the archive defences first, then Helm's layout, then the Chart.yaml rules. */
class ChartArchiveTest {

    private static final long LIMIT = ChartArchive.DEFAULT_MAX_EXPANDED_BYTES;

    private static InvalidChartException refused(byte[] tgz) {
        return refused(tgz, LIMIT);
    }

    private static InvalidChartException refused(byte[] tgz, long limit) {
        return assertThrows(InvalidChartException.class, () -> ChartArchive.read(tgz, limit));
    }

    /** The rule and, to show the message is specific, each of {@code mentions} in it. */
    private static void assertRefusal(InvalidChartException e, String rule, String... mentions) {
        assertEquals(rule, e.rule(), e.getMessage());
        for (String mention : mentions) {
            assertTrue(e.getMessage().contains(mention), "'" + mention + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void aNormalChartReadsWithItsMetadataAndFolder() throws Exception {
        Chart chart = ChartArchive.read(ChartTars.normalChart(), LIMIT);
        assertEquals("mychart", chart.folder());
        ChartMetadata metadata = chart.metadata();
        assertEquals("mychart", metadata.name());
        assertEquals("0.1.0", metadata.version());
        assertEquals("v2", metadata.apiVersion());
        assertEquals(Optional.of("1.16.0"), metadata.appVersion());
        assertEquals(Optional.of("A Helm chart for Kubernetes"), metadata.description());
        assertEquals(List.of("name", "version", "description", "apiVersion", "appVersion", "type"),
                names(metadata), metadata.fields().toString());
    }

    @Test
    void theStreamFormReadsTheSameAndLeavesTheStreamOpen() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(ChartTars.normalChart()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Chart chart = ChartArchive.read(in, LIMIT);
        assertEquals(ChartArchive.read(ChartTars.normalChart(), LIMIT), chart);
        assertTrue(!closed[0], "the caller's stream must stay open");
    }

    @Test
    void folderEntriesAndDotSlashPrefixesAreAccepted() throws Exception {
        // GNU tar writes folder entries and, from `tar -C dir .`, './' prefixes
        Chart chart = ChartArchive.read(tgz(tar -> {
            folder(tar, "./mychart/");
            file(tar, "./mychart/Chart.yaml", CHART_YAML);
            folder(tar, "./mychart/templates/");
            file(tar, "./mychart/templates/cm.yaml", "kind: ConfigMap\n");
        }), LIMIT);
        assertEquals("mychart", chart.folder());
        assertEquals("mychart", chart.metadata().name());
    }

    @Test
    void theFolderNeedNotMatchTheName() throws Exception {
        // Helm's loader takes Chart.yaml from whatever the one top folder is called
        Chart chart = ChartArchive.read(tgz(tar -> file(tar, "other-folder/Chart.yaml", CHART_YAML)), LIMIT);
        assertEquals("other-folder", chart.folder());
        assertEquals("mychart", chart.metadata().name());
    }

    @Test
    void notGzipIsRefused() {
        assertRefusal(refused("apiVersion: v2\nname: x\n".getBytes(StandardCharsets.UTF_8)), "archive.not-gzip",
                "not gzip", "chart", "helm package");
        assertRefusal(refused(new byte[] {'P', 'K', 3, 4, 0, 0}), "archive.not-gzip", ".tar.gz");
    }

    @Test
    void emptyInputIsRefused() {
        assertRefusal(refused(new byte[0]), "archive.not-gzip", "empty");
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        byte[] valid = ChartTars.normalChart();
        assertRefusal(refused(Arrays.copyOf(valid, valid.length / 2)), "archive.corrupt", "not a readable .tar.gz");

        byte[] flipped = valid.clone();
        for (int i = 20; i < flipped.length - 8; i++) {
            flipped[i] ^= 0x5a;
        }
        assertRefusal(refused(flipped), "archive.corrupt", "not a readable .tar.gz");

        ByteArrayOutputStream notTar = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(notTar)) {
            gz.write("gzipped text that is not a tar archive ".repeat(30).getBytes(StandardCharsets.UTF_8));
        }
        assertRefusal(refused(notTar.toByteArray()), "archive.corrupt", "helm package");
    }

    @Test
    void anArchiveWithoutFilesIsRefused() {
        assertRefusal(refused(tgz(tar -> { })), "archive.empty", "no files");
        assertRefusal(refused(tgz(tar -> folder(tar, "mychart/"))), "archive.empty", "no files");
    }

    @Test
    void aChartWithoutChartYamlIsRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/values.yaml", "a: 1\n");
            file(tar, "mychart/templates/cm.yaml", "kind: ConfigMap\n");
        })), "chart.yaml.missing", "mychart/Chart.yaml");
        // not at the chart folder's top, or spelled differently
        assertRefusal(refused(tgz(tar -> file(tar, "mychart/sub/Chart.yaml", CHART_YAML))),
                "chart.yaml.missing", "mychart/Chart.yaml");
        assertRefusal(refused(tgz(tar -> file(tar, "mychart/chart.yaml", CHART_YAML))),
                "chart.yaml.missing", "mychart/Chart.yaml");
    }

    @Test
    void filesAtTheTopAreRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "Chart.yaml", CHART_YAML);
            file(tar, "values.yaml", "a: 1\n");
        })), "chart.layout", "'Chart.yaml'", "at its top");
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "README.md", "# stray\n");
        })), "chart.layout", "'README.md'");
    }

    @Test
    void twoTopFoldersAreRefused() {
        InvalidChartException e = refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "other/Chart.yaml", CHART_YAML);
        }));
        assertRefusal(e, "chart.layout", "two top-level folders", "'mychart'", "'other'");
    }

    @Test
    void zipSlipIsRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "../evil", "owned");
        })), "archive.path-traversal", "'../evil'", "chart folder");
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "mychart/templates/../../../evil", "owned");
        })), "archive.path-traversal", "mychart/templates/../../../evil");
    }

    @Test
    void absolutePathsAreRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            file(tar, "/etc/cron.d/evil", "* * * * * root sh");
        })), "archive.absolute-path", "'/etc/cron.d/evil'");
        assertRefusal(refused(tgz(tar -> file(tar, "C:/Windows/evil", "x"))), "archive.absolute-path",
                "C:/Windows/evil");
    }

    @Test
    void linksOutOfTheArchiveAreRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            link(tar, "mychart/values.yaml", TarConstants.LF_SYMLINK, "/etc/passwd");
        })), "archive.link-outside", "mychart/values.yaml", "/etc/passwd", "outside the chart");
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            link(tar, "mychart/templates/x.yaml", TarConstants.LF_SYMLINK, "../../../etc/passwd");
        })), "archive.link-outside", "../../../etc/passwd");
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            link(tar, "mychart/x", TarConstants.LF_LINK, "../etc/shadow");
        })), "archive.link-outside", "hard link");
        // inside the archive but to nothing that is a file
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            link(tar, "mychart/x", TarConstants.LF_SYMLINK, "missing.yaml");
        })), "archive.link-unresolved", "mychart/missing.yaml");
    }

    @Test
    void linksInsideTheChartAreKeptAsCopies() throws Exception {
        Chart chart = ChartArchive.read(tgz(tar -> {
            file(tar, "mychart/real.yaml", CHART_YAML);
            link(tar, "mychart/Chart.yaml", TarConstants.LF_SYMLINK, "real.yaml");
        }), LIMIT);
        assertEquals("mychart", chart.metadata().name());
    }

    @Test
    void deviceFilesAreRefused() {
        assertRefusal(refused(tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            tar.putArchiveEntry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                    "mychart/dev", TarConstants.LF_CHR));
            tar.closeArchiveEntry();
        })), "archive.special-file", "mychart/dev", "device file");
    }

    /**
     * 200 MiB of zeros in one file compress to a few hundred KiB; against a 64 MiB limit the entry is refused from
     * its header, quickly, without inflating it or allocating anything like its size.
     */
    @Test
    void aDecompressionBombIsRefusedFastInBoundedMemory() {
        long size = 200L << 20;
        byte[] bomb = tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            ChartTars.zeros(tar, "mychart/templates/bomb.yaml", size);
        });
        assertTrue(bomb.length < 1 << 20, "compressed to " + bomb.length + " bytes");
        long[] allocated = new long[1];
        InvalidChartException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            long before = allocatedByThisThread();
            InvalidChartException refusal = refused(bomb, 64L << 20);
            allocated[0] = allocatedByThisThread() - before;
            return refusal;
        });
        assertRefusal(e, "archive.too-large", "mychart/templates/bomb.yaml", String.valueOf(64L << 20), "chart");
        assertTrue(allocated[0] < 16L << 20, "allocated " + allocated[0] + " bytes to refuse the bomb");
    }

    /** Several entries that each fit but together do not: refused at the first one past the limit. */
    @Test
    void manyModerateEntriesStopAtTheLimit() {
        byte[] bomb = tgz(tar -> {
            file(tar, "mychart/Chart.yaml", CHART_YAML);
            for (int i = 0; i < 10; i++) {
                ChartTars.zeros(tar, "mychart/files/z" + i, 1L << 20);
            }
        });
        InvalidChartException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(bomb, 4L << 20));
        assertRefusal(e, "archive.too-large", "mychart/files/z3", String.valueOf(4L << 20));
    }

    @Test
    void chartYamlRulesApplyToTheArchive() {
        assertRefusal(refused(tgz(tar -> file(tar, "mychart/Chart.yaml", "apiVersion: v2\nname: [oops\n"))),
                "chart.yaml.syntax", "line");
        assertRefusal(refused(tgz(tar -> file(tar, "mychart/Chart.yaml",
                CHART_YAML.replace("version: 0.1.0", "version: 0.1")))), "chart.version.not-semver", "'0.1'");
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static List<String> names(ChartMetadata metadata) {
        return metadata.fields().properties().stream().map(java.util.Map.Entry::getKey).toList();
    }
}
