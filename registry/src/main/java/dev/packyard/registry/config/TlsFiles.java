package dev.packyard.registry.config;

import java.nio.file.Path;

/**
 * The server's TLS certificate and key, both PEM.
 *
 * @param certificate the server certificate first, then any intermediates
 * @param key         its private key, unencrypted (PKCS#8, SEC1 or PKCS#1)
 */
public record TlsFiles(Path certificate, Path key) {
}
