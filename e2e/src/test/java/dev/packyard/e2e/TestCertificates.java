package dev.packyard.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;

/**
 * A self-signed EC P-256 server certificate for 127.0.0.1, made with {@code openssl} as an operator would make one,
 * and a client TLS context that trusts it.
 *
 * @param certificate the PEM certificate, for {@code --tls-cert}
 * @param key         the PEM private key, for {@code --tls-key}
 * @param trust       a client context trusting the certificate
 */
public record TestCertificates(Path certificate, Path key, SSLContext trust) {

    public static TestCertificates create(Path folder) {
        Path certificate = folder.resolve("server.crt");
        Path key = folder.resolve("server.key");
        try {
            Files.createDirectories(folder);
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream in = Files.newInputStream(certificate)) {
                store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(store);
            SSLContext trust = SSLContext.getInstance("TLS");
            trust.init(null, trustManagers.getTrustManagers(), null);
            return new TestCertificates(certificate, key, trust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The certificate and key in a BCFKS keystore, made as the README tells an operator to: {@code openssl pkcs12}
     * bundles them, then {@code keytool} converts the bundle with the server's own bc-fips jar as its provider.
     *
     * @return the keystore; its password is in {@code <keystore>.password}
     */
    public Path bcfksKeystore(String password) {
        Path folder = certificate.getParent();
        Path bundle = folder.resolve("server.p12");
        Path keystore = folder.resolve("server.bcfks");
        Path bcFips = serverLibrary("bc-fips-");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(List.of("openssl", "pkcs12", "-export", "-in", certificate.toString(), "-inkey", key.toString(),
                "-name", "server", "-out", bundle.toString(), "-passout", "pass:" + password));
        run(List.of(keytool.toString(), "-importkeystore", "-noprompt",
                "-srckeystore", bundle.toString(), "-srcstoretype", "PKCS12", "-srcstorepass", password,
                "-destkeystore", keystore.toString(), "-deststoretype", "BCFKS", "-deststorepass", password,
                "-providerpath", bcFips.toString(),
                "-providerclass", "org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider"));
        try {
            Files.writeString(folder.resolve("server.bcfks.password"), password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keystore;
    }

    /** A jar the packaged server runs with, from the {@code libs/} folder beside it. */
    private static Path serverLibrary(String prefix) {
        Path libs = Path.of(System.getProperty("packyard.server.jar")).resolveSibling("libs");
        try (var jars = Files.list(libs)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + libs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server arguments that make it speak HTTPS with this certificate. */
    public String[] serverArguments() {
        return new String[] {"--tls-cert", certificate.toString(), "--tls-key", key.toString()};
    }
}
