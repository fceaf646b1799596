package dev.packyard.registry.helm;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Chart packages ({@code .tgz}), fake provenance files and multipart bodies, built in memory. */
final class TestCharts {

    /** Writes entries into a chart tarball. */
    interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private TestCharts() {
    }

    static String chartYaml(String name, String version) {
        return """
                apiVersion: v2
                name: %s
                description: A Helm chart for Kubernetes
                type: application
                version: %s
                appVersion: "1.16.0"
                """.formatted(name, version);
    }

    /** What {@code helm create NAME && helm package NAME} gives, trimmed. */
    static byte[] chart(String name, String version) {
        return chart(name, version, "replicaCount: 1\n");
    }

    /** A chart whose values.yaml is {@code values}: same name and version, different bytes. */
    static byte[] chart(String name, String version, String values) {
        return tgz(tar -> {
            file(tar, name + "/Chart.yaml", chartYaml(name, version));
            file(tar, name + "/values.yaml", values);
            file(tar, name + "/templates/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        });
    }

    static byte[] tgz(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // names as given, also absolute and ../
        entry.setModTime(java.nio.file.attribute.FileTime.fromMillis(0)); // not now: the same call, the same bytes
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A provenance file shaped like {@code helm package --sign} output: Chart.yaml, then the {@code files:} section,
     * clear-signed. The signature is made up; the registry does not verify it.
     */
    static byte[] prov(String name, String version, String fileName, byte[] vouchedFor) {
        return ("""
                -----BEGIN PGP SIGNED MESSAGE-----
                Hash: SHA512

                %s
                ...
                files:
                  %s: sha256:%s
                -----BEGIN PGP SIGNATURE-----

                wsBcBAEBCgAQBQJmAAAAAAkQFAKEFAKEFAKEAABxXwgAm9v8c2lnbmF0dXJlIHRlc3Q=
                =FAKE
                -----END PGP SIGNATURE-----
                """.formatted(chartYaml(name, version).strip(), fileName, sha256Hex(vouchedFor)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The .prov Helm would write for this package. */
    static byte[] prov(String name, String version, byte[] chart) {
        return prov(name, version, name + "-" + version + ".tgz", chart);
    }

    /** A multipart/form-data body; {@code parts} alternate field name and content. */
    record Multipart(String contentType, byte[] body) {

        static Multipart of(Object... parts) {
            String boundary = "----packyard-test-boundary-7MA4YWxkTrZu0gW";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.length; i += 2) {
                String field = (String) parts[i];
                byte[] content = (byte[]) parts[i + 1];
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                        + "\"; filename=\"" + field + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(content);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }
    }
}
