package dev.packyard.registry;

import dev.packyard.registry.config.ConfigFile;
import dev.packyard.registry.config.InvalidConfigException;
import dev.packyard.registry.config.ServerSettings;
import dev.packyard.registry.config.SettingsOptions;
import dev.packyard.registry.signatures.KeyCommand;
import io.helidon.logging.common.LogConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code packyard serve}: starts the registry server and runs until stopped. */
@Command(name = "packyard", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        subcommands = {Main.Serve.class, KeyCommand.class}, description = "Packyard pack registry server.")
public final class Main {

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the registry server (OCI Distribution v1.1 under /v2, health at /health).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1, or the config file's).")
        String host;

        @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: 5000).")
        Integer port;

        @Mixin
        SettingsOptions options;

        @Option(names = "--no-builtin-catalog", description = "Do not publish the bundled packs on the first start.")
        boolean noBuiltinCatalog;

        @Option(names = "--tls-cert", description = "HTTPS: the server certificate (PEM, intermediates after it).")
        Path tlsCert;

        @Option(names = "--tls-key", description = "HTTPS: the certificate's private key (PEM, unencrypted).")
        Path tlsKey;

        @Option(names = "--tls-keystore", description = "HTTPS: a BCFKS keystore with the server's key and certificate "
                + "chain (instead of --tls-cert and --tls-key).")
        Path tlsKeystore;

        @Option(names = "--tls-keystore-password-file", description = "HTTPS: a file whose first line is the "
                + "keystore's password.")
        Path tlsKeystorePasswordFile;

        @Override
        public Integer call() throws Exception {
            ServerSettings settings;
            try {
                settings = options.settings();
                if (host != null) {
                    settings = settings.withHost(host);
                }
                if (port != null) {
                    settings = settings.withPort(port);
                }
                if (noBuiltinCatalog) {
                    settings = settings.withPacks(settings.maxPackBytes(), false);
                }
                if ((tlsCert == null) != (tlsKey == null)) {
                    throw new IllegalArgumentException("--tls-cert and --tls-key go together");
                }
                if ((tlsKeystore == null) != (tlsKeystorePasswordFile == null)) {
                    throw new IllegalArgumentException("--tls-keystore and --tls-keystore-password-file go together");
                }
                if (tlsCert != null && tlsKeystore != null) {
                    throw new IllegalArgumentException("give --tls-cert and --tls-key, or --tls-keystore, not both");
                }
                if (tlsCert != null) {
                    settings = settings.withTls(ConfigFile.tlsPemFiles(tlsCert, tlsKey));
                }
                if (tlsKeystore != null) {
                    settings = settings.withTls(ConfigFile.tlsKeystore(tlsKeystore, tlsKeystorePasswordFile));
                }
            } catch (InvalidConfigException | IllegalArgumentException e) {
                System.err.println("packyard: " + e.getMessage());
                return 2;
            }
            PackyardServer server;
            try {
                server = PackyardServer.start(settings);
            } catch (java.io.UncheckedIOException | java.io.IOException e) {
                System.err.println("packyard: could not start: " + e.getMessage()
                        + " (is port " + settings.port() + " in use, or the data folder not writable?)");
                return 1;
            } catch (IllegalStateException e) {
                System.err.println("packyard: could not start: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "packyard-shutdown"));
            stopped.await();
            return 0;
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Packyard " + Version.current()};
        }
    }
}
