package dev.packyard.registry.signatures;

import dev.packyard.registry.config.InvalidConfigException;
import dev.packyard.registry.config.ServerSettings;
import dev.packyard.registry.config.SettingsOptions;
import dev.packyard.registry.fips.FipsMode;
import dev.packyard.signing.KeyAlgorithm;
import dev.packyard.signing.KeyMaterialException;
import dev.packyard.signing.PemKeys;
import dev.packyard.signing.SigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code packyard key}: the registry's signing key in {@code <data>/_signing}, handled on the server's machine (the
 * private key never crosses the network): print its public half, or put a generated or imported key in its place.
 * It runs in the server's JVM setup, where Bouncy Castle FIPS is the only Bouncy Castle.
 */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "The registry's signing key (in <data>/_signing): print its public key, generate a new key, or "
                + "import one from PEM. A running server keeps the key it loaded until it restarts.",
        subcommands = {KeyCommand.PublicKey.class, KeyCommand.Generate.class, KeyCommand.Import.class})
public final class KeyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: say which there are, as for any other usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("packyard: key needs a command: public, generate or import");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** What every subcommand does around its own work: settle the folder, FIPS mode, and turn failures into exit 1. */
    abstract static class KeyTask implements Callable<Integer> {

        @Mixin
        SettingsOptions options;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ServerSettings settings;
            try {
                settings = options.settings();
            } catch (InvalidConfigException e) {
                err.println("packyard: " + e.getMessage());
                return 2; // as serve answers a bad config file
            }
            try {
                if (settings.fips()) {
                    FipsMode.enable(); // before the key is read or made, as the server does
                }
                return run(RegistrySigningKey.folder(settings.dataDir()), spec.commandLine().getOut(), err);
            } catch (KeyMaterialException | IllegalStateException e) {
                err.println("packyard: " + e.getMessage());
                return 1;
            } catch (java.nio.file.FileSystemException e) {
                // Its message is the bare path; the kind of failure (AccessDeniedException, ...) is in its class.
                err.println("packyard: cannot use " + e.getFile() + ": "
                        + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
                return 1;
            } catch (IOException e) {
                err.println("packyard: " + e.getMessage());
                return 1;
            }
        }

        abstract int run(Path folder, PrintWriter out, PrintWriter err) throws IOException;
    }

    @Command(name = "public", mixinStandardHelpOptions = true,
            description = "Print the public key (PEM, what GET /v1/signing/cosign.pub serves) to standard output.")
    static final class PublicKey extends KeyTask {

        @Override
        int run(Path folder, PrintWriter out, PrintWriter err) throws IOException {
            Optional<SigningKey> key = RegistrySigningKey.load(folder);
            if (key.isEmpty()) {
                err.println("packyard: there is no signing key in " + folder + " yet; the server makes one when it "
                        + "first signs, or make one with 'packyard key generate'");
                return 1;
            }
            out.print(key.get().publicKeyPem());
            out.flush();
            return 0;
        }
    }

    /** Shared by generate and import: refuse to replace a key without --force, and retire the old one's public half. */
    abstract static class Replace extends KeyTask {

        @Option(names = "--force", description = "Replace an existing key (its public key is kept under "
                + "_signing/retired/ so its signatures can stay trusted).")
        boolean force;

        @Override
        final int run(Path folder, PrintWriter out, PrintWriter err) throws IOException {
            SigningKey key = newKey();
            Optional<SigningKey> previous = RegistrySigningKey.load(folder);
            if (previous.isPresent() && !force) {
                err.println("packyard: " + folder + " already holds the registry's key (" + previous.get().algorithm()
                        + "); signatures made with it verify only while its public key is trusted. Give --force "
                        + "to replace it; nothing was changed");
                return 1;
            }
            if (previous.isPresent()) {
                Path retired = retire(folder, previous.get());
                out.println("the previous key's public key (" + previous.get().algorithm() + ") is in " + retired
                        + "; list it under a trust policy's keys for its signatures to keep verifying");
            }
            RegistrySigningKey.store(folder, key);
            out.println("the registry now signs with its new key (" + key.algorithm() + ", in " + folder.resolve(
                    RegistrySigningKey.KEYSTORE) + "); restart a running server to use it. Its public key:");
            out.print(key.publicKeyPem());
            out.flush();
            return 0;
        }

        abstract SigningKey newKey() throws IOException;

        private static Path retire(Path folder, SigningKey key) throws IOException {
            Path retired = Files.createDirectories(folder.resolve("retired"));
            String stamp = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            Path file = retired.resolve("registry-" + stamp + ".pub");
            for (int n = 2; Files.exists(file); n++) {
                file = retired.resolve("registry-" + stamp + "-" + n + ".pub");
            }
            return Files.writeString(file, key.publicKeyPem(), StandardCharsets.US_ASCII);
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Make a new signing key with the FIPS module.")
    static final class Generate extends Replace {

        @Option(names = "--algorithm", defaultValue = "ec-p256", converter = AlgorithmConverter.class,
                description = "ec-p256 (default; what cosign verifies as is), ec-p384 or rsa-3072-pss.")
        KeyAlgorithm algorithm;

        @Override
        SigningKey newKey() {
            return SigningKey.generate(algorithm);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Make an unencrypted PEM private key (PKCS#8, SEC1 or PKCS#1; EC P-256/P-384 or RSA 3072+) "
                    + "the signing key.")
    static final class Import extends Replace {

        @Parameters(paramLabel = "PEM", description = "The private key file.")
        Path pem;

        @Override
        SigningKey newKey() throws IOException {
            if (!Files.isRegularFile(pem)) {
                throw new IOException(pem + " is not a file");
            }
            try {
                return PemKeys.readPrivateKey(Files.readString(pem, StandardCharsets.US_ASCII));
            } catch (KeyMaterialException e) {
                throw new KeyMaterialException(e.problem(), pem + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code ec-p256} for {@link KeyAlgorithm#EC_P256}, and so on. */
    static final class AlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {

        static String id(KeyAlgorithm algorithm) {
            return algorithm.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public KeyAlgorithm convert(String value) {
            return Arrays.stream(KeyAlgorithm.values()).filter(a -> id(a).equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not a key algorithm; "
                            + "use one of " + Arrays.stream(KeyAlgorithm.values()).map(AlgorithmConverter::id)
                            .collect(Collectors.joining(", "))));
        }
    }
}
