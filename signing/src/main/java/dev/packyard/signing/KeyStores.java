package dev.packyard.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.bc.ObjectStore;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keeps a {@link SigningKey} in a password-protected BCFKS keystore file: Bouncy Castle's FIPS keystore format
 * (PKCS#12 and JKS are not available from the FIPS provider), readable with {@code keytool -storetype BCFKS}.
 *
 * <p>A keystore key entry needs a certificate chain, so the key is stored with a self-signed certificate. Nothing
 * checks that certificate's name or dates: cosign trusts the bare public key, and the certificate only carries it.
 */
public final class KeyStores {

    /** The keystore type written and read. */
    public static final String TYPE = "BCFKS";
    /** The alias the signing key is stored under. */
    public static final String ALIAS = "packyard-signing";
    /**
     * The shortest password accepted when saving: 14 characters, about 112 bits; Bouncy Castle FIPS warns that shorter
     * keystore passwords are weak for the approved PBKDF2-based key protection.
     */
    public static final int MIN_PASSWORD_LENGTH = 14;

    private static final X500Name SUBJECT = new X500Name("CN=Packyard signing key");
    /** RFC 5280 4.1.2.5: 99991231235959Z means the certificate has no well-defined expiry. */
    private static final Date NO_EXPIRY = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

    private KeyStores() {
    }

    /**
     * Writes the key to a new BCFKS file, replacing any file there. The file is written beside the target and moved
     * into place, so a crash never leaves half a keystore, and on POSIX systems only the owner may read it.
     *
     * @throws KeyMaterialException if the password is shorter than {@value #MIN_PASSWORD_LENGTH} characters
     * @throws IOException          if the file cannot be written
     */
    public static void save(SigningKey key, Path file, char[] password) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new KeyMaterialException(KeyMaterialException.Problem.WEAK_PASSWORD,
                    "the keystore password has " + password.length + " characters; use at least "
                            + MIN_PASSWORD_LENGTH + " (about 112 bits, what FIPS-approved key protection expects).");
        }
        byte[] bytes = encode(key, password);
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(directory, target.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads the signing key from a BCFKS file: the entry {@value #ALIAS}, or the only private key entry if the store
     * was made by other tooling under another alias.
     *
     * @throws KeyMaterialException if the password is wrong, the file is not a BCFKS keystore or holds no usable key
     * @throws IOException          if the file cannot be read
     */
    public static SigningKey load(Path file, char[] password) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        KeyStore store = open(file, password);
        try {
            String alias = keyAlias(file, store);
            Key privateKey = store.getKey(alias, password);
            Certificate certificate = store.getCertificate(alias);
            if (!(privateKey instanceof PrivateKey) || certificate == null) {
                throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                        "entry '" + alias + "' in keystore " + file + " is not a private key with a certificate.");
            }
            return SigningKey.of((PrivateKey) privateKey, certificate.getPublicKey());
        } catch (UnrecoverableKeyException e) {
            throw differentEntryPassword(file, e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                    "keystore " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a BCFKS file with the FIPS provider (in or out of FIPS mode).
     *
     * @throws KeyMaterialException if the file is not a BCFKS keystore or the password is wrong
     */
    static KeyStore open(Path file, char[] password) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        requireBcfksStructure(file, bytes);
        try {
            KeyStore store = KeyStore.getInstance(TYPE, FipsProviders.provider());
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            // The structure parsed above, so what failed is the integrity check: a wrong password or changed bytes.
            throw new KeyMaterialException(KeyMaterialException.Problem.WRONG_PASSWORD,
                    "wrong password for keystore " + file + " (or the file was altered after it was written).", e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                    "keystore " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    static KeyMaterialException differentEntryPassword(Path file, UnrecoverableKeyException cause) {
        return new KeyMaterialException(KeyMaterialException.Problem.WRONG_PASSWORD,
                "the key entry in keystore " + file + " has a password other than the keystore's; "
                        + "re-create the keystore with one password for both.", cause);
    }

    /** Tells "not a keystore at all" apart from "wrong password", which BCFKS reports with the same exception. */
    private static void requireBcfksStructure(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                    "keystore " + file + " is empty.");
        }
        try {
            ObjectStore.getInstance(ASN1Primitive.fromByteArray(bytes));
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE,
                    file + " is not a BCFKS keystore (a PKCS#12 or JKS file must be converted, e.g. with keytool "
                            + "-importkeystore -deststoretype BCFKS).", e);
        }
    }

    private static String keyAlias(Path file, KeyStore store) throws KeyStoreException {
        return store.isKeyEntry(ALIAS) ? ALIAS : onlyKeyAlias(file, store,
                "keep only the signing key, or store it under the alias '" + ALIAS + "'");
    }

    /**
     * The alias of the one private key entry of {@code store}; refused when there is none, or more than one
     * ({@code advice} then says what to do).
     */
    static String onlyKeyAlias(Path file, KeyStore store, String advice) throws KeyStoreException {
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        if (keyAliases.size() == 1) {
            return keyAliases.getFirst();
        }
        throw new KeyMaterialException(KeyMaterialException.Problem.NOT_A_KEYSTORE, keyAliases.isEmpty()
                ? "keystore " + file + " holds no private key entry."
                : "keystore " + file + " holds " + keyAliases.size() + " private keys " + keyAliases + "; " + advice + ".");
    }

    private static byte[] encode(SigningKey key, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(TYPE, FipsProviders.provider());
            store.load(null, null);
            store.setKeyEntry(ALIAS, key.privateKey(), password, new Certificate[] {selfSigned(key)});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("the FIPS provider could not build a BCFKS keystore", e);
        }
    }

    private static X509Certificate selfSigned(SigningKey key)
            throws OperatorCreationException, GeneralSecurityException {
        // bcpkix names PSS with SHA-256/MGF1-SHA-256/32-byte salt this way; the key's own algorithm otherwise.
        String algorithm = key.algorithm().isEc() ? key.algorithm().signatureAlgorithm() : "SHA256withRSAandMGF1";
        BigInteger serial = new BigInteger(64, FipsProviders.secureRandom()).setBit(63);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                SUBJECT, serial, Date.from(Instant.now()), NO_EXPIRY, SUBJECT, key.publicKey());
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(algorithm)
                .setProvider(FipsProviders.provider())
                .setSecureRandom(FipsProviders.secureRandom());
        return new JcaX509CertificateConverter()
                .setProvider(FipsProviders.provider())
                .getCertificate(builder.build(signer.build(key.privateKey())));
    }
}
