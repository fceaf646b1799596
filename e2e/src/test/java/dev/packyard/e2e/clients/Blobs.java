package dev.packyard.e2e.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Small helpers the client tests share: digests, random content, server-log excerpts. */
final class Blobs {

    private Blobs() {
    }

    /** {@code sha256:<hex>} of {@code data}. */
    static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(messageDigest().digest(data));
    }

    /** {@code sha256:<hex>} of a file's content. */
    static String sha256(Path file) {
        MessageDigest digest = messageDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** The hex part of a {@code sha256:<hex>} digest. */
    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** {@code size} pseudo-random bytes, reproducible from {@code seed}. */
    static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** The last lines of a server log, to put into an assertion message. */
    static String logTail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no server log at " + log + ")";
            }
            List<String> lines = Files.readAllLines(log);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(server log " + log + " unreadable: " + e + ")";
        }
    }

    private static MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
