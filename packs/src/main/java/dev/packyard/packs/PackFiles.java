package dev.packyard.packs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All files of a pack, keyed by relative path with forward slashes, in sorted order: {@code pack.json},
 * {@code charts/x.tgz}, expanded chart folders, dotfiles such as {@code charts/x/.helmignore}. Folders are implied by
 * the paths; empty folders are not kept.
 *
 * <p>Immutable: the byte arrays are copied in and {@link #files()} and {@link #file} copy them out, so a caller can
 * never change a pack behind a validator's or a digest's back. Use {@link #paths()} to list files without copying.
 * Equality is by content.
 *
 * <p>Every path is checked on the way in (relative, no {@code ..}, no empty or {@code .} segments, no backslash, no
 * file that is also a folder), so {@link #writeTo} can never write outside its folder whatever built the instance.
 */
public record PackFiles(SortedMap<String, byte[]> files) {

    public PackFiles {
        Objects.requireNonNull(files, "files");
        TreeMap<String, byte[]> copy = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            copy.put(checkPath(e.getKey()), Objects.requireNonNull(e.getValue(), e.getKey()).clone());
        }
        String conflict = fileUsedAsFolder(copy);
        if (conflict != null) {
            throw new IllegalArgumentException("pack file '" + conflict + "' is also used as a folder by another path");
        }
        files = Collections.unmodifiableSortedMap(copy);
    }

    /** A copy of every file; prefer {@link #paths()} and {@link #file} when not all bytes are needed. */
    @Override
    public SortedMap<String, byte[]> files() {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((path, bytes) -> copy.put(path, bytes.clone()));
        return copy;
    }

    /** The relative paths of all files, sorted. */
    public SortedSet<String> paths() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(files.keySet()));
    }

    /** A copy of the file's bytes. */
    public Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path)).map(byte[]::clone);
    }

    /** The file decoded as UTF-8 (malformed bytes become U+FFFD; the validator reports them). */
    public Optional<String> text(String path) {
        return Optional.ofNullable(files.get(path)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Total size of all files in bytes. */
    public long totalBytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** The stored bytes without a copy, for this package's own read-only use (validation, archiving). */
    byte[] bytes(String path) {
        return files.get(path);
    }

    /**
     * Reads every file under {@code dir}. Symbolic links are followed when they stay inside {@code dir} (the file
     * then appears under the link's path); a link that leads outside it, a broken link, a link loop or a special file
     * (device, FIFO, socket) is refused, because packs are uploaded and a link to {@code /etc/passwd} must not become
     * pack content.
     */
    public static PackFiles readFolder(Path dir) throws IOException {
        Path root = dir.toRealPath();
        TreeMap<String, byte[]> read = new TreeMap<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) throws IOException {
                requireInside(dir, root, folder);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(dir, file);
                if (attrs.isSymbolicLink()) { // attributes of the link itself: its target does not exist
                    throw new UnsafeArchiveException(name, "folder.broken-link",
                            "symbolic link to '" + Files.readSymbolicLink(file) + "', which does not exist; remove it");
                }
                requireInside(dir, root, file);
                if (!attrs.isRegularFile()) {
                    throw new UnsafeArchiveException(name, "folder.special-file",
                            "is not a regular file (device, FIFO or socket); a pack holds only files and folders");
                }
                read.put(name, Files.readAllBytes(file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    throw new UnsafeArchiveException(relative(dir, file), "folder.link-loop",
                            "symbolic link leads back into a folder that contains it; remove the link");
                }
                throw e;
            }
        });
        return new PackFiles(read);
    }

    /**
     * Writes the pack's files straight into {@code dir} (created if needed), replacing files of the same name. Existing
     * symbolic links in {@code dir} are not followed out of it.
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toRealPath();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Path parent = target.getParent();
            Files.createDirectories(parent);
            if (!parent.toRealPath().startsWith(root)) {
                throw new UnsafeArchiveException(e.getKey(), "folder.link-outside",
                        "a symbolic link in '" + dir + "' leads this file outside the folder; write to an empty folder");
            }
            Files.write(target, e.getValue(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PackFiles other) || !files.keySet().equals(other.files.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.files.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            hash += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return hash;
    }

    @Override
    public String toString() {
        return "PackFiles[" + files.size() + " files, " + totalBytes() + " bytes]";
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        String rule = null;
        if (path.isEmpty() || path.startsWith("/")) {
            rule = "must be relative and not empty";
        } else if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            rule = "must use forward slashes and no NUL";
        } else {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    rule = "must not have empty, '.' or '..' segments";
                    break;
                }
            }
        }
        if (rule != null) {
            throw new IllegalArgumentException("pack file path '" + path + "' " + rule);
        }
        return path;
    }

    /** A path that is a file and also the folder of another path, which no file system can hold; null if none. */
    static String fileUsedAsFolder(SortedMap<String, ?> sorted) {
        for (String path : sorted.keySet()) {
            // Any path under "path/" sorts after "path/" and before "path0" ('0' follows '/').
            SortedMap<String, ?> under = sorted.subMap(path + "/", path + "0");
            if (!under.isEmpty()) {
                return path;
            }
        }
        return null;
    }

    private static void requireInside(Path dir, Path root, Path path) throws IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(root)) {
            throw new UnsafeArchiveException(relative(dir, path), "folder.link-outside",
                    "symbolic link leads outside the pack folder (to '" + real + "'); copy the file into the pack instead");
        }
    }

    private static String relative(Path dir, Path path) {
        Path rel = dir.relativize(path);
        StringBuilder name = new StringBuilder();
        for (Path part : rel) {
            if (!name.isEmpty()) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }
}
