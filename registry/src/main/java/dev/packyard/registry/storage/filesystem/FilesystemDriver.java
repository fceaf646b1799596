package dev.packyard.registry.storage.filesystem;

import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.registry.storage.StoragePath;
import dev.packyard.registry.storage.StorageStat;
import dev.packyard.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores objects as files under a root folder.
 *
 * <p>Durability: {@link #put} writes a hidden temporary file in the target folder, forces it to disk, renames it
 * over the target atomically and forces the folder, so a crash at any point leaves either the old or the new object.
 * Temporary names start with a dot, which no {@link StoragePath} segment can, so they never show in listings.
 */
public final class FilesystemDriver implements StorageDriver {

    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public FilesystemDriver(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public Optional<StorageStat> stat(StoragePath path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file(path), BasicFileAttributes.class);
            return Optional.of(new StorageStat(attributes.isDirectory() ? 0 : attributes.size(),
                    attributes.lastModifiedTime().toInstant(), attributes.isDirectory()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] get(StoragePath path) throws IOException {
        try {
            return Files.readAllBytes(file(path));
        } catch (NoSuchFileException e) {
            throw new StorageNotFoundException(path);
        }
    }

    @Override
    public void put(StoragePath path, byte[] content) throws IOException {
        Path target = file(path);
        Path folder = Files.createDirectories(target.getParent());
        Path temp = folder.resolve(TEMP_PREFIX + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        renameDurably(temp, target);
    }

    @Override
    public InputStream reader(StoragePath path, long offset) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file(path), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StorageNotFoundException(path);
        }
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public StorageWriter appender(StoragePath path) throws IOException {
        Path target = file(path);
        Files.createDirectories(target.getParent());
        return new FileAppender(FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Override
    public List<String> list(StoragePath path) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(file(path))) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public void move(StoragePath from, StoragePath to) throws IOException {
        Path target = file(to);
        Files.createDirectories(target.getParent());
        try {
            renameDurably(file(from), target);
        } catch (NoSuchFileException e) {
            throw new StorageNotFoundException(from);
        }
    }

    @Override
    public boolean delete(StoragePath path) throws IOException {
        Path target = file(path);
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            return Files.deleteIfExists(target);
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed concurrently
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException raced) {
                    // something was written into it concurrently; keep it
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    private Path file(StoragePath path) {
        Path resolved = root;
        for (String segment : path.segments()) {
            resolved = resolved.resolve(segment);
        }
        if (!resolved.startsWith(root)) { // unreachable with a valid StoragePath; kept as a guard
            throw new IllegalArgumentException("storage path escapes the data root: " + path);
        }
        return resolved;
    }

    private static void renameDurably(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data folder's file system cannot rename atomically: " + target.getParent(), e);
        }
        forceFolder(target.getParent());
    }

    /** Makes a rename in {@code folder} durable: on Linux a folder opened for reading can be fsync'ed. */
    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder as a channel; the rename is still atomic there.
        }
    }

    /** Appends through a channel; reverts to the original size unless committed. */
    private static final class FileAppender implements StorageWriter {
        private final FileChannel channel;
        private final long originalSize;
        private final OutputStream stream;
        private boolean committed;

        FileAppender(FileChannel channel) throws IOException {
            this.channel = channel;
            this.originalSize = channel.size();
            channel.position(originalSize);
            this.stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public long size() {
            try {
                return channel.position();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void commit() throws IOException {
            channel.force(false);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            try {
                if (!committed) {
                    channel.truncate(originalSize);
                }
            } finally {
                channel.close();
            }
        }
    }
}
