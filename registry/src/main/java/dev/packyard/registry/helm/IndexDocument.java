package dev.packyard.registry.helm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered {@code index.yaml} with what HTTP caching needs: a strong ETag from the content (so it survives restarts
 * and differs whenever the bytes do) and a gzip copy made on first demand.
 */
final class IndexDocument {

    private final byte[] yaml;
    private final String etag;
    private final Instant generated;
    private volatile byte[] gzip;

    IndexDocument(byte[] yaml, Instant generated) {
        this.yaml = yaml;
        this.generated = generated;
        this.etag = "\"" + sha256(yaml).substring(0, 32) + "\"";
    }

    byte[] yaml() {
        return yaml;
    }

    String etag() {
        return etag;
    }

    Instant generated() {
        return generated;
    }

    byte[] gzip() {
        byte[] compressed = gzip;
        if (compressed == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(yaml.length / 6 + 64);
            try (GZIPOutputStream zip = new GZIPOutputStream(out, 65536)) {
                zip.write(yaml);
            } catch (IOException e) {
                throw new UncheckedIOException("compressing in memory cannot fail", e);
            }
            compressed = out.toByteArray();
            gzip = compressed;
        }
        return compressed;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
