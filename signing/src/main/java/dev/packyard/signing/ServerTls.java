package dev.packyard.signing;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's TLS context from a PEM certificate chain and a PEM private key, or from a BCFKS keystore. In FIPS mode
 * everything comes from Bouncy Castle: the key and certificates are read with BCFIPS, held in a BCFKS key store, and
 * the context is BCJSSE's in FIPS mode, which offers TLS 1.2 and 1.3 with approved cipher suites only (no
 * ChaCha20-Poly1305). Outside FIPS mode the JDK's providers do the same job.
 */
public final class ServerTls {

    /** The protocols the server speaks; older ones are refused in both modes. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ServerTls() {
    }

    /**
     * The context for a PEM certificate chain and its PEM private key.
     *
     * @throws KeyMaterialException if a file is not the PEM it should be, or the key does not match the certificate
     */
    public static SSLContext context(Path certificateChain, Path privateKey, boolean fips) throws IOException {
        List<Certificate> chain = certificates(certificateChain, fips);
        PrivateKey key = privateKey(privateKey, fips);
        if (!matches(chain.get(0), key, fips)) {
            throw new KeyMaterialException(KeyMaterialException.Problem.KEY_MISMATCH, privateKey
                    + " is not the private key of the first certificate in " + certificateChain);
        }
        return context(chain, key, fips);
    }

    /**
     * The context for the one private key entry of a BCFKS keystore and its certificate chain. The store is read by
     * the FIPS module in both modes (no other provider reads BCFKS); outside FIPS mode the key and certificates are
     * then handed to the JDK's providers in their standard encodings.
     *
     * @throws KeyMaterialException if the file is not a BCFKS keystore, the password is wrong, or it does not hold
     *                              exactly one private key with a certificate chain whose first certificate is its own
     */
    public static SSLContext fromKeystore(Path keystore, char[] password, boolean fips) throws IOException {
        KeyStore store = KeyStores.open(keystore, password);
        List<Certificate> chain;
        PrivateKey key;
        try {
            String alias = KeyStores.onlyKeyAlias(keystore, store,
                    "keep only the server's key and certificate chain");
            Certificate[] stored = store.getCertificateChain(alias);
            if (!(store.getKey(alias, password) instanceof PrivateKey privateKey) || stored == null
                    || stored.length == 0) {
                throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE, "entry '" + alias
                        + "' in keystore " + keystore + " is not a private key with a certificate chain");
            }
            chain = fips ? List.of(stored) : jdkCertificates(stored);
            key = fips ? privateKey : jdkPrivateKey(privateKey, keystore);
        } catch (UnrecoverableKeyException e) {
            throw KeyStores.differentEntryPassword(keystore, e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                    "keystore " + keystore + " cannot be read: " + e.getMessage(), e);
        }
        if (!matches(chain.get(0), key, fips)) {
            throw new KeyMaterialException(KeyMaterialException.Problem.KEY_MISMATCH, "in keystore " + keystore
                    + ", the private key is not that of the first certificate of its chain");
        }
        return context(chain, key, fips);
    }

    private static SSLContext context(List<Certificate> chain, PrivateKey key, boolean fips) throws IOException {
        try {
            char[] password = "packyard-in-memory-store".toCharArray(); // never written anywhere
            KeyStore store = fips ? KeyStore.getInstance(KeyStores.TYPE, FipsProviders.provider())
                    : KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = fips ? KeyManagerFactory.getInstance("PKIX", jsse())
                    : KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = fips ? SSLContext.getInstance("TLS", jsse()) : SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, fips ? FipsProviders.secureRandom() : null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the TLS context could not be built: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> jdkCertificates(Certificate[] chain) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> converted = new ArrayList<>();
        for (Certificate certificate : chain) {
            converted.add(factory.generateCertificate(new ByteArrayInputStream(certificate.getEncoded())));
        }
        return converted;
    }

    private static PrivateKey jdkPrivateKey(PrivateKey key, Path keystore) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm().startsWith("EC") ? "EC" : "RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE, keystore
                    + ": the private key cannot be used: " + e.getMessage());
        }
    }

    private static Provider jsse() {
        Provider jsse = Security.getProvider(FipsProviders.JSSE_PROVIDER);
        if (jsse == null) {
            throw new IllegalStateException("FIPS mode is not on: " + FipsProviders.JSSE_PROVIDER + " is not installed");
        }
        return jsse;
    }

    private static List<Certificate> certificates(Path file, boolean fips) throws IOException {
        List<Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            CertificateFactory factory = fips ? CertificateFactory.getInstance("X.509", FipsProviders.provider())
                    : CertificateFactory.getInstance("X.509");
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM, file + ": a certificate cannot be read: "
                    + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM, file + " holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, boolean fips) throws IOException {
        Object item;
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            item = parser.readObject();
        }
        PrivateKeyInfo info = item instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                : item instanceof PrivateKeyInfo plain ? plain : null;
        if (info == null) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM, file + " holds no unencrypted PEM "
                    + "private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
        }
        String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId().startsWith("1.2.840.10045") ? "EC" : "RSA";
        try {
            KeyFactory factory = fips ? KeyFactory.getInstance(algorithm, FipsProviders.provider())
                    : KeyFactory.getInstance(algorithm);
            return factory.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE, file
                    + ": the private key cannot be used: " + e.getMessage());
        }
    }

    /** Whether {@code key} is the private half of the certificate's key: a signature by one verifies with the other. */
    private static boolean matches(Certificate certificate, PrivateKey key, boolean fips) {
        String algorithm = key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] challenge = "a key pairs with a certificate when this verifies".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = fips ? Signature.getInstance(algorithm, FipsProviders.provider())
                    : Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = fips ? Signature.getInstance(algorithm, FipsProviders.provider())
                    : Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
