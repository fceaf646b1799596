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
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
    /** Objects at least this large are read through a memory map; smaller ones in one read. */
    private static final long MAP_THRESHOLD = 1024 * 1024;

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
        for (int attempt = 1; ; attempt++) {
            Path folder = createFolders(target.getParent());
            Path temp = folder.resolve(TEMP_PREFIX + UUID.randomUUID());
            try {
                writeDurably(temp, content);
                renameDurably(temp, target);
                return;
            } catch (NoSuchFileException e) {
                // A concurrent delete removed the (then empty) folder between its creation and our write; retry once.
                Files.deleteIfExists(temp);
                if (attempt == 2) {
                    throw e;
                }
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    @Override
    public InputStream reader(StoragePath path, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file(path), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size - offset >= MAP_THRESHOLD) {
                // Large blobs are read through a memory map: bytes go from the page cache straight into the
                // caller's buffer, one copy fewer than a channel read, which matters for blob pulls.
                return new MappedInputStream(channel.map(FileChannel.MapMode.READ_ONLY, offset, size - offset));
            }
            byte[] content = new byte[(int) (size - Math.min(offset, size))];
            ByteBuffer buffer = ByteBuffer.wrap(content);
            long position = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            return new java.io.ByteArrayInputStream(content, 0, buffer.position());
        } catch (NoSuchFileException e) {
            throw new StorageNotFoundException(path);
        }
    }

    @Override
    public StorageWriter appender(StoragePath path, long offset) throws IOException {
        Path target = file(path);
        createFolders(target.getParent());
        FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            // Excludes other processes on the same folder (a second server); threads are excluded by the caller.
            FileLock lock = channel.lock();
            long size = channel.size();
            if (size < offset) {
                throw new IOException(path + " holds " + size + " bytes, fewer than the " + offset + " committed");
            }
            channel.truncate(offset);
            return new FileAppender(channel, lock, offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
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
        createFolders(target.getParent());
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
                // A temporary file belongs to a write in progress: leave it, and so its folder, alone.
                if (!file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file);
                }
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
                    // something is being written into it concurrently; keep it
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

    /**
     * Creates missing folders and makes each new folder's entry in its parent durable, so a file renamed into a
     * new folder cannot vanish with the folder after a power loss.
     */
    private Path createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Path parent = folder.getParent();
        if (parent != null && folder.startsWith(root) && !folder.equals(root)) {
            createFolders(parent);
        }
        try {
            Files.createDirectory(folder);
            forceFolder(parent);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created concurrently
        }
        return folder;
    }

    /** Makes entries created or renamed in {@code folder} durable. */
    private static void forceFolder(Path folder) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // a platform that cannot open a folder as a channel; its renames are still atomic
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Reads a memory-mapped region; the mapping is released when the buffer is garbage collected. */
    private static final class MappedInputStream extends InputStream {
        private final java.nio.MappedByteBuffer buffer;

        MappedInputStream(java.nio.MappedByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int count = Math.min(length, buffer.remaining());
            buffer.get(bytes, offset, count);
            return count;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    }

    /** Appends through a locked channel; reverts to the starting offset unless committed. */
    private static final class FileAppender implements StorageWriter {
        private final FileChannel channel;
        private final FileLock lock;
        private final long start;
        private final OutputStream stream;
        private boolean committed;

        FileAppender(FileChannel channel, FileLock lock, long start) throws IOException {
            this.channel = channel;
            this.lock = lock;
            this.start = start;
            channel.position(start);
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
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void commit() throws IOException {
            channel.force(false);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                if (!committed) {
                    channel.truncate(start);
                }
                lock.release();
            }
        }
    }
}
