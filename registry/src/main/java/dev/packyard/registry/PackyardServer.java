package dev.packyard.registry;

import dev.packyard.registry.config.ServerSettings;
import dev.packyard.registry.config.TlsIdentity;
import dev.packyard.registry.fips.FipsApi;
import dev.packyard.registry.fips.FipsMode;
import dev.packyard.registry.helm.HelmFeature;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.http.RegistryApi;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.RepositoryCatalog;
import dev.packyard.registry.oci.store.UploadStore;
import dev.packyard.registry.packs.PackFeature;
import dev.packyard.registry.profiles.ProfileApi;
import dev.packyard.registry.search.SearchFeature;
import dev.packyard.registry.signatures.SignatureFeature;
import dev.packyard.registry.storage.StorageDriver;
import dev.packyard.registry.storage.filesystem.FilesystemDriver;
import dev.packyard.signing.KeyMaterialException;
import dev.packyard.signing.ServerTls;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Wires storage, stores and HTTP services together and runs them; {@link #close()} stops everything. */
public final class PackyardServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PackyardServer.class.getName());

    private final WebServer webServer;
    private final ScheduledExecutorService housekeeping;
    private final SearchFeature search;

    private PackyardServer(WebServer webServer, ScheduledExecutorService housekeeping, SearchFeature search) {
        this.webServer = webServer;
        this.housekeeping = housekeeping;
        this.search = search;
    }

    public static PackyardServer start(ServerSettings settings) throws IOException {
        if (settings.fips()) {
            FipsMode.enable(); // before anything else here touches cryptography
        }
        // Unusable TLS material stops the start here, before the catalog is loaded.
        Optional<SSLContext> tls = settings.tls().map(identity -> sslContext(identity, settings.fips()));
        StorageDriver storage = new FilesystemDriver(settings.dataDir());
        BlobStore blobs = new BlobStore(storage);
        UploadStore uploads = new UploadStore(storage, blobs);
        ManifestStore manifests = new ManifestStore(storage, blobs);
        RepositoryCatalog catalog = new RepositoryCatalog(storage);
        PackFeature packs = new PackFeature(storage, blobs, uploads, manifests, catalog, settings.maxPackBytes());
        HelmFeature helm = new HelmFeature(blobs, uploads, manifests, catalog, packs.charts(),
                settings.maxChartUploadBytes());
        ManifestGuard guard = ManifestGuard.all(List.of(packs.guard(), helm.guard()));
        packs.start(settings.builtinCatalog());
        helm.warmUp(catalog);
        // After the catalog is loaded (the index is rebuilt from it) and before requests (it follows their changes).
        SearchFeature search = SearchFeature.open(settings.dataDir(), packs, helm);
        search.start();
        SignatureFeature signatures = SignatureFeature.open(settings.dataDir(), blobs, uploads, manifests,
                new ManifestPublisher(manifests, guard), settings.trust());

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("packyard-housekeeping").daemon().factory());
        long sweepMillis = settings.uploadSweepInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> expireUploads(uploads, settings), 0, sweepMillis, TimeUnit.MILLISECONDS);

        WebServerConfig.Builder server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .useNio(false);
        tls.ifPresent(context -> server.tls(Tls.builder()
                .sslContext(context)
                .enabledProtocols(ServerTls.PROTOCOLS)
                .build()));
        WebServer webServer = server
                .routing(routing -> routing
                        .register(new HealthService(storage))
                        .register(new OpenApiService())
                        .register(search.api(signatures.manifestSignatures()))
                        .register(signatures.api())
                        .register(new FipsApi())
                        .register(packs.api(signatures.manifestSignatures()))
                        .register(new ProfileApi(storage, packs.packSource(), signatures.pullPolicy(), settings.fips()))
                        .register(helm.repositoryApi())
                        .register(helm.chartMuseumApi(guard))
                        .register(new RegistryApi(blobs, uploads, manifests, catalog, guard, signatures.pullPolicy(),
                                settings.maxManifestBytes())))
                .build()
                .start();
        LOG.info(() -> "Packyard " + Version.current() + (settings.fips() ? " (FIPS mode)" : "") + " listening on "
                + (settings.tls().isPresent() ? "https://" : "http://")
                + settings.host() + ":" + webServer.port()
                + " (storage: " + storage.name() + " at " + settings.dataDir().toAbsolutePath() + ")");
        return new PackyardServer(webServer, housekeeping, search);
    }

    /** @throws IllegalStateException saying which file is unusable, and why */
    private static SSLContext sslContext(TlsIdentity identity, boolean fips) {
        try {
            return switch (identity) {
                case TlsIdentity.PemFiles pem -> ServerTls.context(pem.certificate(), pem.key(), fips);
                case TlsIdentity.Keystore keystore -> ServerTls.fromKeystore(keystore.file(),
                        password(keystore.passwordFile()), fips);
            };
        } catch (IOException | KeyMaterialException e) {
            throw new IllegalStateException("tls: " + e.getMessage(), e);
        }
    }

    /** The first line of the password file; the newline editors and {@code echo} add is no part of it. */
    private static char[] password(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (password.isEmpty()) {
            throw new IOException("the keystore password file " + file + " is empty");
        }
        return password.toCharArray();
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        webServer.stop();
        search.close();
    }

    private static void expireUploads(UploadStore uploads, ServerSettings settings) {
        try {
            int removed = uploads.expire(Instant.now().minus(settings.uploadExpiry()));
            if (removed > 0) {
                LOG.info(() -> "removed " + removed + " upload session(s) idle for more than " + settings.uploadExpiry());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not expire idle upload sessions", e);
        }
    }
}
