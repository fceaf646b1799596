package dev.packyard.registry.config;

import java.nio.file.Path;

/** Where the server's HTTPS certificate and key come from: PEM files, or a BCFKS keystore. */
public sealed interface TlsIdentity {

    /**
     * @param certificate the server certificate first, then any intermediates
     * @param key         its private key, unencrypted (PKCS#8, SEC1 or PKCS#1)
     */
    record PemFiles(Path certificate, Path key) implements TlsIdentity {
    }

    /**
     * @param file         a BCFKS keystore holding one private key entry: the server's key and certificate chain
     * @param passwordFile a file whose first line is the keystore's password (a flag would show it to {@code ps})
     */
    record Keystore(Path file, Path passwordFile) implements TlsIdentity {
    }
}
