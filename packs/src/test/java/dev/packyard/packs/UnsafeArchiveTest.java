package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Hostile archives are refused with the entry and the rule named, before they can do harm. */
class UnsafeArchiveTest {

    private static UnsafeArchiveException refused(byte[] archive, long limit) {
        return assertThrows(UnsafeArchiveException.class,
                () -> PackArchive.read(new ByteArrayInputStream(archive), limit));
    }

    private static UnsafeArchiveException refused(byte[] archive) {
        return refused(archive, PackArchive.DEFAULT_MAX_EXPANDED_BYTES);
    }

    private static void assertRefusal(UnsafeArchiveException e, String entry, String rule) {
        assertEquals(rule, e.rule(), e.getMessage());
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        if (!entry.isEmpty()) {
            assertTrue(e.getMessage().contains(entry), e.getMessage());
        }
    }

    @Test
    void zipSlipIsRefused() {
        byte[] archive = Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack/pack.json", "{}");
            Fixtures.file(tar, "pack/../../evil", "owned");
        });
        assertRefusal(refused(archive), "pack/../../evil", "archive.path-traversal");
        assertRefusal(refused(Fixtures.tarGz(tar -> Fixtures.file(tar, "../evil", "owned"))), "../evil",
                "archive.path-traversal");
    }

    @Test
    void absolutePathsAreRefused() {
        assertRefusal(refused(Fixtures.tarGz(tar -> Fixtures.file(tar, "/etc/cron.d/evil", "* * * * * root sh"))),
                "/etc/cron.d/evil", "archive.absolute-path");
        assertRefusal(refused(Fixtures.tarGz(tar -> Fixtures.file(tar, "C:/Windows/evil", "x"))),
                "C:/Windows/evil", "archive.absolute-path");
        assertRefusal(refused(Fixtures.tarGz(tar -> Fixtures.file(tar, "..\\evil", "x"))), "..\\evil",
                "archive.backslash");
    }

    @Test
    void linksLeavingThePackAreRefused() {
        byte[] toPasswd = Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack/pack.json", "{}");
            Fixtures.link(tar, "pack/values.yaml", TarConstants.LF_SYMLINK, "/etc/passwd");
        });
        UnsafeArchiveException e = refused(toPasswd);
        assertRefusal(e, "pack/values.yaml", "archive.link-outside");
        assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());

        assertRefusal(refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack/pack.json", "{}");
            Fixtures.link(tar, "pack/charts/x", TarConstants.LF_SYMLINK, "../../../etc/passwd");
        })), "pack/charts/x", "archive.link-outside");

        assertRefusal(refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack.json", "{}");
            Fixtures.link(tar, "x", TarConstants.LF_LINK, "../etc/passwd");
        })), "x", "archive.link-outside");

        // inside the archive but outside the pack's top folder
        assertRefusal(refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack/pack.json", "{}");
            Fixtures.link(tar, "pack/x", TarConstants.LF_SYMLINK, "../pack2/secret");
        })), "pack/x", "archive.link-outside");

        // inside the pack, but to nothing that is a file
        assertRefusal(refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack/pack.json", "{}");
            Fixtures.link(tar, "pack/x", TarConstants.LF_SYMLINK, "missing.yaml");
        })), "pack/x", "archive.link-unresolved");
    }

    @Test
    void deviceFilesAndFifosAreRefused() {
        for (byte type : new byte[] {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO}) {
            byte[] archive = Fixtures.tarGz(tar -> {
                TarArchiveEntry entry = new TarArchiveEntry("pack/dev", type);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            });
            assertRefusal(refused(archive), "pack/dev", "archive.special-file");
        }
    }

    @Test
    void duplicateAndConflictingPathsAreRefused() {
        assertRefusal(refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack.json", "{}");
            Fixtures.file(tar, "./pack.json", "{\"sneaky\": true}");
        })), "./pack.json", "archive.duplicate-entry");
        assertEquals("archive.path-conflict", refused(Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack.json", "{}");
            Fixtures.file(tar, "charts", "a file");
            Fixtures.file(tar, "charts/x.tgz", "a file in a folder of the same name");
        })).rule());
    }

    @Test
    void tooManyEntriesAreRefused() {
        byte[] archive = Fixtures.tarGz(tar -> {
            for (int i = 0; i <= PackArchive.MAX_ENTRIES; i++) {
                Fixtures.file(tar, "f" + i, "");
            }
        });
        UnsafeArchiveException e = refused(archive);
        assertEquals("archive.too-many-entries", e.rule());
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void notGzipNotTarAndEmptyInputsAreRefusedClearly() throws IOException {
        assertRefusal(refused("{\"name\": \"not an archive\"}".getBytes(StandardCharsets.UTF_8)), "", "archive.not-gzip");
        assertRefusal(refused(new byte[0]), "", "archive.not-gzip");
        assertTrue(refused(new byte[] {'P', 'K', 3, 4}).getMessage().contains(".tar.gz"));

        ByteArrayOutputStream notTar = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(notTar)) {
            gz.write("just some gzipped text, not a tar archive at all ".repeat(20).getBytes(StandardCharsets.UTF_8));
        }
        assertRefusal(refused(notTar.toByteArray()), "", "archive.corrupt");

        byte[] valid = PackArchive.create(Fixtures.files(Fixtures.minimalPack()), "demo-1.0.0");
        assertRefusal(refused(Arrays.copyOf(valid, valid.length / 2)), "", "archive.corrupt");

        assertRefusal(refused(Fixtures.tarGz(tar -> { })), "", "archive.empty");
    }

    /**
     * ~2 GiB of zeros in one entry, streamed through gzip into a few MB. It must be refused quickly with the limit
     * in the message, without inflating (or allocating) the 2 GiB.
     */
    @Test
    void decompressionBombIsRefusedQuickly() {
        long size = 2L * 1024 * 1024 * 1024;
        byte[] bomb = zeros("pack/charts/bomb.tgz", size);
        assertTrue(bomb.length < 16 * 1024 * 1024, "compressed to " + bomb.length + " bytes");
        UnsafeArchiveException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused(bomb));
        assertRefusal(e, "pack/charts/bomb.tgz", "archive.too-large");
        assertTrue(e.getMessage().contains(String.valueOf(PackArchive.DEFAULT_MAX_EXPANDED_BYTES)), e.getMessage());
    }

    /**
     * The limit is charged with the bytes actually decompressed, tar headers and padding included, not with the sizes
     * headers claim: 300 entries of 10 bytes claim 3,000 bytes but expand to over 300 KiB.
     */
    @Test
    void limitCountsBytesActuallyExpandedNotHeaderSizes() {
        byte[] archive = Fixtures.tarGz(tar -> {
            Fixtures.file(tar, "pack.json", "{}");
            for (int i = 0; i < 300; i++) {
                Fixtures.file(tar, "manifests/m" + i + ".yaml", "kind: A\n  ");
            }
        });
        UnsafeArchiveException e = refused(archive, 100_000);
        assertEquals("archive.too-large", e.rule(), e.getMessage());
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
        assertTrue(e.getMessage().contains("expands past"), e.getMessage());
    }

    @Test
    void aManyEntryBombStopsAtTheLimit() {
        // 12 entries of 1 MiB zeros against an 8 MiB limit: seven fit, the eighth does not
        byte[] archive = Fixtures.tarGz(tar -> {
            for (int i = 0; i < 12; i++) {
                TarArchiveEntry entry = new TarArchiveEntry("z" + i);
                entry.setSize(1 << 20);
                tar.putArchiveEntry(entry);
                tar.write(new byte[1 << 20]);
                tar.closeArchiveEntry();
            }
        });
        UnsafeArchiveException e = refused(archive, 8L << 20);
        assertEquals("archive.too-large", e.rule());
        assertEquals("z7", e.entry(), "refused at the first entry past the limit: " + e.getMessage());
    }

    private static byte[] zeros(String name, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Fastest deflate level: the test builds 2 GiB of input, and zeros compress well at any level.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        })) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] chunk = new byte[1 << 20];
            for (long written = 0; written < size; written += chunk.length) {
                tar.write(chunk);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
