package dev.packyard.packs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Pack archives: the {@code .tar.gz} Palette documents ({@code tar -czf name-version.tar.gz <pack-folder>}), written
 * deterministically and read defensively.
 *
 * <p>Writing: entries sorted by path, each folder before its contents; fixed mtime 1980-01-01 (not the epoch, which
 * GNU tar warns about as "implausibly old"); uid/gid 0 with empty user and group names; modes 0644 for files and 0755
 * for folders; long and non-ASCII names as PAX records; gzip header with mtime 0, no file name and OS "unknown". The
 * same {@link PackFiles} therefore always give the same bytes with the same {@code java.util.zip} deflater. The deflate
 * stream itself comes from the platform's zlib, so bytes made by a different zlib build can differ: store an
 * archive's bytes (and digest) once rather than expecting another machine to rebuild them bit for bit.
 *
 * <p>Reading: uploads are hostile until proven otherwise, see {@link #read}.
 */
public final class PackArchive {

    /** Default ceiling on the expanded (decompressed) size of an archive: 512 MiB. */
    public static final long DEFAULT_MAX_EXPANDED_BYTES = 512L * 1024 * 1024;

    /** Ceiling on the number of entries (files, folders, links), against archives of millions of empty files. */
    public static final int MAX_ENTRIES = 10_000;

    private static final Instant FIXED_MTIME = Instant.parse("1980-01-01T00:00:00Z");
    private static final int FILE_MODE = 0100644;
    private static final int DIR_MODE = 040755;
    private static final int GZIP_OS_UNKNOWN = 255;
    private static final Pattern TOP_FOLDER = Pattern.compile("[A-Za-z0-9._+-]*");
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("[A-Za-z]:.*");

    private PackArchive() {
    }

    /**
     * Writes {@code files} as a deterministic {@code .tar.gz} to {@code out}, which is left open.
     *
     * @param topFolder the single top-level folder all entries go under, e.g. {@code cilium-1.15.3}, as Palette's
     *                  documented {@code tar -czf} makes; {@code ""} puts the pack's files at the top
     */
    public static void write(PackFiles files, String topFolder, OutputStream out) throws IOException {
        if (!TOP_FOLDER.matcher(topFolder).matches() || topFolder.equals(".") || topFolder.equals("..")) {
            throw new IllegalArgumentException("top folder '" + topFolder
                    + "' must be one folder name of letters, digits and . _ + - (or empty), like 'cilium-1.15.3'");
        }
        String prefix = topFolder.isEmpty() ? "" : topFolder + "/";
        // Entry names: every folder implied by a file path (with a trailing '/') and every file. A folder's name is a
        // prefix of its contents' names, so plain string order puts each folder first.
        TreeSet<String> names = new TreeSet<>();
        if (!prefix.isEmpty()) {
            names.add(prefix);
        }
        for (String path : files.paths()) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                names.add(prefix + path.substring(0, slash + 1));
            }
            names.add(prefix + path);
        }
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(6); // gzip's own default, spelled out so a library default change cannot move bytes
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(GZIP_OS_UNKNOWN);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(new KeepOpen(out), gzip), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (String name : names) {
                boolean folder = name.endsWith("/");
                byte[] data = folder ? null : files.bytes(name.substring(prefix.length()));
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setModTime(FIXED_MTIME.toEpochMilli());
                entry.setIds(0, 0);
                entry.setNames("", "");
                entry.setMode(folder ? DIR_MODE : FILE_MODE);
                if (!folder) {
                    entry.setSize(data.length);
                }
                tar.putArchiveEntry(entry);
                if (!folder) {
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        out.flush();
    }

    /** The deterministic {@code .tar.gz} of {@code files} as bytes; see {@link #write}. */
    public static byte[] create(PackFiles files, String topFolder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(files, topFolder, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a pack {@code .tar.gz}. A single top-level folder is stripped when every entry is under it (a valid pack
     * has {@code pack.json} at its top, so a pack's own folders are never mistaken for one). Refused with an
     * {@link UnsafeArchiveException} naming the entry and the rule:
     * <ul>
     *   <li>input that is not gzip ({@code archive.not-gzip}), not a tar inside or damaged ({@code archive.corrupt}),
     *       or holds no file ({@code archive.empty});</li>
     *   <li>absolute paths ({@code archive.absolute-path}), {@code ..} segments ({@code archive.path-traversal}),
     *       backslashes ({@code archive.backslash}): zip-slip;</li>
     *   <li>symbolic or hard links whose target leaves the archive's pack folder ({@code archive.link-outside}) or is
     *       not a file in it ({@code archive.link-unresolved}); links inside are kept as copies of their target;</li>
     *   <li>devices, FIFOs and other special entries ({@code archive.special-file}); a path twice
     *       ({@code archive.duplicate-entry}) or both a file and a folder ({@code archive.path-conflict});</li>
     *   <li>more than {@link #MAX_ENTRIES} entries ({@code archive.too-many-entries});</li>
     *   <li>more than {@code maxExpandedBytes} once decompressed ({@code archive.too-large}).</li>
     * </ul>
     * The size limit is charged with the bytes the decompressor actually hands out (tar headers and padding
     * included, not the sizes headers claim) and reading stops the moment it is passed, so a small archive that
     * inflates to gigabytes costs at most the limit in work. An entry whose header already claims more than the
     * remaining allowance is refused before any of it is read, so memory never grows towards the limit either.
     * The input stream is read but not closed.
     */
    public static PackFiles read(InputStream tarGz, long maxExpandedBytes) throws IOException {
        return read(tarGz, maxExpandedBytes, ArchiveKind.PACK);
    }

    /**
     * Reads a {@code .tar.gz} of the given kind with the same defences as {@link #read(InputStream, long)}; messages
     * name the kind, and a {@link ArchiveKind#CHART} keeps its top-level folder in the paths.
     */
    public static PackFiles read(InputStream tarGz, long maxExpandedBytes, ArchiveKind kind) throws IOException {
        if (maxExpandedBytes <= 0) {
            throw new IllegalArgumentException("maxExpandedBytes must be positive, was " + maxExpandedBytes);
        }
        BufferedInputStream in = new BufferedInputStream(new SourceStream(tarGz));
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 != 0x1f || b2 != 0x8b) {
                throw new UnsafeArchiveException("", "archive.not-gzip", b1 < 0
                        ? "the input is empty; a " + kind.noun() + " archive is a .tar.gz of the " + kind.noun() + " folder"
                        : "the input is not gzip-compressed; a " + kind.noun() + " archive is a .tar.gz of the "
                        + kind.noun() + " folder: " + kind.howToCreate());
            }
            Budget budget = new Budget(new GZIPInputStream(in, 65536), maxExpandedBytes, kind);
            // Closing releases the inflater; the caller's stream stays open (SourceStream ignores close).
            try (TarArchiveInputStream tar = new TarArchiveInputStream(budget, StandardCharsets.UTF_8.name())) {
                return new Reader(tar, budget, kind).read();
            }
        } catch (SourceFailure e) {
            throw e.getCause(); // the caller's stream failed: a real I/O error, not bad input
        } catch (UnsafeArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new UnsafeArchiveException("", "archive.corrupt",
                    "the input is not a readable .tar.gz (" + e.getMessage() + "); " + kind.howToCreate());
        }
    }

    /** One pass over the tar entries, collecting files, folders and links before the top folder is known. */
    private static final class Reader {
        private final TarArchiveInputStream tar;
        private final Budget budget;
        private final TreeMap<String, byte[]> files = new TreeMap<>();
        private final Set<String> folders = new HashSet<>();
        private final List<Link> links = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final ArchiveKind kind;

        Reader(TarArchiveInputStream tar, Budget budget, ArchiveKind kind) {
            this.tar = tar;
            this.budget = budget;
            this.kind = kind;
        }

        PackFiles read() throws IOException {
            int count = 0;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String raw = entry.getName();
                if (++count > MAX_ENTRIES) {
                    throw new UnsafeArchiveException(raw, "archive.too-many-entries",
                            "the archive has more than " + MAX_ENTRIES + " entries; a " + kind.noun() + " needs far fewer");
                }
                budget.entry = raw;
                if (entry.isGlobalPaxHeader()) {
                    continue; // archive-wide metadata such as `git archive`'s commit id, not content
                }
                String name = normalize(raw, kind);
                if (entry.isDirectory()) {
                    if (!name.isEmpty()) {
                        folders.add(name);
                    }
                    continue;
                }
                if (name.isEmpty()) {
                    throw new UnsafeArchiveException(raw, "archive.corrupt", "a file entry with an empty path");
                }
                if (!seen.add(name)) {
                    throw new UnsafeArchiveException(raw, "archive.duplicate-entry",
                            "the path appears more than once; an archive must hold each file once");
                }
                if (entry.isSymbolicLink()) {
                    links.add(new Link(raw, name, symlinkTarget(raw, name, entry.getLinkName(), kind)));
                } else if (entry.isLink()) {
                    links.add(new Link(raw, name, hardlinkTarget(raw, entry.getLinkName(), kind)));
                } else if (isPlainFile(entry)) {
                    files.put(name, content(raw, entry.getSize()));
                } else {
                    throw new UnsafeArchiveException(raw, "archive.special-file", "is a "
                            + kind(entry) + "; a " + kind.noun()
                            + " archive holds only files, folders and links inside the " + kind.noun());
                }
            }
            if (files.isEmpty() && links.isEmpty()) {
                throw new UnsafeArchiveException("", "archive.empty",
                        "the archive holds no files; " + kind.howToCreate());
            }
            String top = kind.stripsTopFolder() ? topFolder() : "";
            TreeMap<String, byte[]> pack = new TreeMap<>();
            files.forEach((name, bytes) -> pack.put(name.substring(top.length()), bytes));
            for (Link link : links) {
                byte[] target = link.target().startsWith(top) ? files.get(link.target()) : null;
                if (target == null) {
                    throw new UnsafeArchiveException(link.raw(), link.target().startsWith(top)
                            ? "archive.link-unresolved" : "archive.link-outside",
                            "links to '" + link.target() + "', which is not a file inside the " + kind.noun()
                            + "; store the file itself");
                }
                budget.charge(target.length); // a copy per link: a link farm must not multiply memory for free
                pack.put(link.name().substring(top.length()), target);
            }
            String conflict = PackFiles.fileUsedAsFolder(pack);
            if (conflict == null) {
                conflict = folders.stream().filter(files::containsKey).findFirst().orElse(null);
            }
            if (conflict != null) {
                throw new UnsafeArchiveException(conflict, "archive.path-conflict",
                        "is both a file and a folder; an archive must not hold both");
            }
            return new PackFiles(pack);
        }

        /** The single top-level folder with a trailing '/', when every entry is under it; "" otherwise. */
        private String topFolder() {
            Set<String> names = new HashSet<>(files.keySet());
            links.forEach(l -> names.add(l.name()));
            String first = names.iterator().next();
            int slash = first.indexOf('/');
            if (slash < 0) {
                return "";
            }
            String top = first.substring(0, slash + 1);
            boolean allUnder = names.stream().allMatch(n -> n.startsWith(top))
                    && folders.stream().allMatch(f -> f.equals(top.substring(0, slash)) || f.startsWith(top));
            return allUnder ? top : "";
        }

        private byte[] content(String raw, long declared) throws IOException {
            if (declared > budget.remaining()) {
                throw budget.tooLarge(raw, "declares " + declared + " bytes, more than the " + budget.remaining()
                        + " bytes left under");
            }
            // readNBytes grows its buffer as data really arrives, so a lying header cannot make it allocate up front.
            byte[] data = tar.readNBytes((int) declared);
            if (data.length != declared) {
                throw new UnsafeArchiveException(raw, "archive.corrupt", "the archive ends inside this file");
            }
            return data;
        }
    }

    private record Link(String raw, String name, String target) {
    }

    private static boolean isPlainFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
                && !entry.isSparse();
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "device file";
        }
        if (entry.isFIFO()) {
            return "FIFO";
        }
        if (entry.isSparse()) {
            return "sparse file";
        }
        return "tar entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    /** The entry's path without './' or empty segments; refuses absolute paths, backslashes and '..'. */
    private static String normalize(String raw, ArchiveKind kind) throws UnsafeArchiveException {
        if (raw.startsWith("/") || WINDOWS_ABSOLUTE.matcher(raw).matches()) {
            throw new UnsafeArchiveException(raw, "archive.absolute-path",
                    "is an absolute path; archive entries must be relative to the " + kind.noun() + " folder");
        }
        if (raw.indexOf('\\') >= 0) {
            throw new UnsafeArchiveException(raw, "archive.backslash",
                    "has a backslash; archive entries use '/' between folders");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveException(raw, "archive.path-traversal",
                        "has a '..' segment, which could write outside the " + kind.noun()
                                + " folder (zip-slip); use relative paths");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                out.append(out.isEmpty() ? "" : "/").append(segment);
            }
        }
        return out.toString();
    }

    /** A hard link's target, which tar writes as a path from the archive's top; refuses targets that leave it. */
    private static String hardlinkTarget(String raw, String target, ArchiveKind archive) throws UnsafeArchiveException {
        return resolve(raw, "", target, "hard link", archive);
    }

    /** A symbolic link's target, relative to the link's own folder, as a path from the archive's top. */
    private static String symlinkTarget(String raw, String name, String target, ArchiveKind archive)
            throws UnsafeArchiveException {
        int slash = name.lastIndexOf('/');
        return resolve(raw, slash < 0 ? "" : name.substring(0, slash), target, "symbolic link", archive);
    }

    private static String resolve(String raw, String folder, String target, String kind, ArchiveKind archive)
            throws UnsafeArchiveException {
        UnsafeArchiveException outside = new UnsafeArchiveException(raw, "archive.link-outside",
                "is a " + kind + " to '" + target + "', outside the " + archive.noun() + "; store the file itself");
        if (target.startsWith("/") || WINDOWS_ABSOLUTE.matcher(target).matches() || target.indexOf('\\') >= 0) {
            throw outside;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : (folder + "/" + target).split("/")) {
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    throw outside;
                }
                parts.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }

    /**
     * Charges every decompressed byte against the limit and stops the moment it is passed, whatever the headers say.
     */
    private static final class Budget extends FilterInputStream {
        private final long limit;
        private final ArchiveKind kind;
        private long used;
        String entry = "";

        Budget(InputStream in, long limit, ArchiveKind kind) {
            super(in);
            this.limit = limit;
            this.kind = kind;
        }

        long remaining() {
            return limit - used;
        }

        void charge(long bytes) throws UnsafeArchiveException {
            used += bytes;
            if (used > limit) {
                throw tooLarge(entry, "expands past");
            }
        }

        UnsafeArchiveException tooLarge(String at, String what) {
            return new UnsafeArchiveException(at, "archive.too-large", what + " the limit of " + limit
                    + " bytes for an expanded " + kind.noun() + " archive; make the " + kind.noun() + " smaller or raise the limit");
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                charge(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                charge(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            charge(skipped);
            return skipped;
        }
    }

    /** Marks failures of the caller's stream so they are not mistaken for a damaged archive. */
    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }

    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Lets the gzip stream be closed (releasing its native deflater) without closing the caller's stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
