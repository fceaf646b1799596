package dev.packyard.registry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the server needs to start. Built from defaults, then a config file, then command-line flags.
 *
 * @param host                 address to listen on
 * @param port                 port to listen on; 0 picks a free one
 * @param dataDir              root of filesystem storage
 * @param uploadExpiry         how long an upload session may sit idle before its bytes are removed
 * @param uploadSweepInterval  how often idle sessions are looked for
 * @param maxManifestBytes     the largest manifest accepted (the spec asks registries to take at least 4 MB)
 * @param maxPackBytes         the most a pack tarball may expand to (decompression bombs are refused)
 * @param builtinCatalog       whether the bundled packs are published on the first start
 * @param maxChartUploadBytes  the largest chart package (.tgz, with its .prov) the ChartMuseum API accepts
 */
public record ServerSettings(String host, int port, Path dataDir, Duration uploadExpiry, Duration uploadSweepInterval,
                             int maxManifestBytes, long maxPackBytes, boolean builtinCatalog,
                             long maxChartUploadBytes, List<TrustRule> trust, boolean fips, Optional<TlsIdentity> tls) {

    public static final int DEFAULT_PORT = 5000;
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    public static final long DEFAULT_MAX_PACK_BYTES = 512L * 1024 * 1024;
    /** ChartMuseum's own default upload limit. */
    public static final long DEFAULT_MAX_CHART_UPLOAD_BYTES = 20L * 1024 * 1024;

    public ServerSettings {
        trust = List.copyOf(trust);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        if (uploadExpiry.isNegative() || uploadExpiry.isZero()) {
            throw new IllegalArgumentException("uploads.expireAfter must be positive, was " + uploadExpiry);
        }
        if (uploadSweepInterval.isNegative() || uploadSweepInterval.isZero()) {
            throw new IllegalArgumentException("uploads.sweepInterval must be positive, was " + uploadSweepInterval);
        }
        if (maxManifestBytes <= 0) {
            throw new IllegalArgumentException("manifests.maxBytes must be positive, was " + maxManifestBytes);
        }
        if (maxPackBytes <= 0) {
            throw new IllegalArgumentException("packs.maxExpandedBytes must be positive, was " + maxPackBytes);
        }
        if (maxChartUploadBytes <= 0) {
            throw new IllegalArgumentException("charts.maxUploadBytes must be positive, was " + maxChartUploadBytes);
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", DEFAULT_PORT, Path.of("data"), Duration.ofHours(24),
                Duration.ofMinutes(15), DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_PACK_BYTES, true,
                DEFAULT_MAX_CHART_UPLOAD_BYTES, List.of(), false, Optional.empty());
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(value, port, dataDir, uploadExpiry, uploadSweepInterval,
                maxManifestBytes, maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(host, value, dataDir, uploadExpiry, uploadSweepInterval,
                maxManifestBytes, maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    public ServerSettings withDataDir(Path value) {
        return new ServerSettings(host, port, value, uploadExpiry, uploadSweepInterval,
                maxManifestBytes, maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    public ServerSettings withUploadExpiry(Duration expiry, Duration sweepInterval) {
        return new ServerSettings(host, port, dataDir, expiry, sweepInterval,
                maxManifestBytes, maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    public ServerSettings withMaxManifestBytes(int value) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, value,
                maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    public ServerSettings withPacks(long maxExpandedBytes, boolean publishBuiltinCatalog) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, maxManifestBytes,
                maxExpandedBytes, publishBuiltinCatalog, maxChartUploadBytes, trust, fips, tls);
    }

    /** HTTPS with this certificate chain and key, instead of plain HTTP. */
    public ServerSettings withTls(TlsIdentity value) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, maxManifestBytes,
                maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, fips, Optional.of(value));
    }

    /** FIPS mode: Bouncy Castle FIPS in approved-only mode is the JVM's crypto provider. */
    public ServerSettings withFips(boolean value) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, maxManifestBytes,
                maxPackBytes, builtinCatalog, maxChartUploadBytes, trust, value, tls);
    }

    public ServerSettings withTrust(List<TrustRule> value) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, maxManifestBytes,
                maxPackBytes, builtinCatalog, maxChartUploadBytes, value, fips, tls);
    }

    public ServerSettings withMaxChartUploadBytes(long value) {
        return new ServerSettings(host, port, dataDir, uploadExpiry, uploadSweepInterval, maxManifestBytes,
                maxPackBytes, builtinCatalog, value, trust, fips, tls);
    }
}
