package dev.packyard.signing;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads keys from PEM text and writes public keys as PEM: the formats {@code openssl}, {@code cosign} and most key
 * tooling exchange.
 *
 * <p>Private keys: unencrypted PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) and PKCS#1
 * ({@code RSA PRIVATE KEY}). Encrypted ones are refused with a hint, including cosign's own {@code cosign.key}: its
 * scrypt and NaCl secretbox encryption are not FIPS-approved, so a FIPS server must not be the one to open it.
 * Public keys: {@code PUBLIC KEY} (SubjectPublicKeyInfo), the format of {@code cosign.pub}.
 */
public final class PemKeys {

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    /** Names for key algorithms we refuse, so the message says what was given rather than an OID. */
    private static final Map<String, String> KNOWN_ALGORITHMS = Map.of(
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS-restricted RSA");

    private PemKeys() {
    }

    /**
     * Reads the first private key in PEM text and pairs it with its public key, derived from the private key (so a
     * file holding only the private key is enough).
     *
     * @throws KeyMaterialException if there is no usable private key, naming why
     */
    public static SigningKey readPrivateKey(String pem) {
        Object object = readFirst(pem, "private key");
        PrivateKey privateKey;
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(FipsProviders.provider());
            if (object instanceof PrivateKeyInfo info) {
                checkKeyType(info.getPrivateKeyAlgorithm());
                privateKey = converter.getPrivateKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                checkKeyType(pair.getPrivateKeyInfo().getPrivateKeyAlgorithm());
                privateKey = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new KeyMaterialException(KeyMaterialException.Problem.ENCRYPTED_KEY,
                        "the private key is encrypted; decrypt it first, for example with "
                                + "'openssl pkcs8 -topk8 -nocrypt -in key.pem', and keep it in a keystore afterwards.");
            } else {
                throw wrongType("a private key", object);
            }
        } catch (IOException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM,
                    "the private key PEM block does not hold a readable key: " + e.getMessage(), e);
        }
        KeyAlgorithm.forSigning(privateKey); // type, curve and size problems first, before deriving anything
        return SigningKey.of(privateKey, publicKeyOf(privateKey));
    }

    /**
     * Reads the first public key ({@code PUBLIC KEY} block) in PEM text, e.g. a {@code cosign.pub} file.
     *
     * @throws KeyMaterialException if there is no usable public key, naming why
     */
    public static PublicKey readPublicKey(String pem) {
        Object object = readFirst(pem, "public key");
        if (!(object instanceof SubjectPublicKeyInfo info)) {
            throw wrongType("a public key", object);
        }
        checkKeyType(info.getAlgorithm());
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().setProvider(FipsProviders.provider()).getPublicKey(info);
        } catch (IOException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM,
                    "the PUBLIC KEY block does not hold a readable key: " + e.getMessage(), e);
        }
        KeyAlgorithm.forVerifying(key);
        return key;
    }

    /** A public key as a {@code PUBLIC KEY} PEM block (SubjectPublicKeyInfo, 64-column base64, final newline). */
    public static String publicKeyPem(PublicKey key) {
        Objects.requireNonNull(key, "key");
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * The first object in the PEM text that is not curve parameters ({@code openssl ecparam -genkey} writes an
     * {@code EC PARAMETERS} block before the key).
     */
    private static Object readFirst(String pem, String wanted) {
        Objects.requireNonNull(pem, "pem");
        Matcher begin = BEGIN.matcher(pem);
        if (!begin.find()) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM,
                    "expected a PEM-encoded " + wanted + " ('-----BEGIN ...-----' armour), but the text has none.");
        }
        refuseKnownUnreadable(begin.group(1));
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            do {
                object = parser.readObject();
            } while (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters);
        } catch (IOException | RuntimeException e) {
            // PEMParser reports bad base64 and bad ASN.1 as either, depending on where the damage is.
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM,
                    "the PEM text is damaged (bad base64 or ASN.1 in the '" + begin.group(1) + "' block): "
                            + e.getMessage(), e);
        }
        if (object == null) {
            throw new KeyMaterialException(KeyMaterialException.Problem.NOT_PEM,
                    "the PEM text holds no " + wanted + " (found only '" + begin.group(1) + "').");
        }
        return object;
    }

    private static void refuseKnownUnreadable(String type) {
        if (type.equals("ENCRYPTED SIGSTORE PRIVATE KEY") || type.equals("ENCRYPTED COSIGN PRIVATE KEY")) {
            throw new KeyMaterialException(KeyMaterialException.Problem.ENCRYPTED_KEY,
                    "this is a cosign.key, encrypted with scrypt and NaCl secretbox, which are not FIPS-approved, so "
                            + "it is not opened here. Generate the signing key here and publish its cosign.pub, or "
                            + "convert the key to an unencrypted PKCS#8 PEM outside the FIPS server.");
        }
    }

    private static void checkKeyType(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey) || oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return;
        }
        String name = KNOWN_ALGORITHMS.getOrDefault(oid.getId(), "OID " + oid.getId());
        throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE,
                "the key is " + name + "; supported are EC P-256 (the cosign default), EC P-384 and RSA.");
    }

    private static KeyMaterialException wrongType(String wanted, Object found) {
        String what = found instanceof X509CertificateHolder ? "a certificate"
                : found instanceof SubjectPublicKeyInfo ? "a public key"
                : found instanceof PrivateKeyInfo || found instanceof PEMKeyPair ? "a private key"
                : "a " + found.getClass().getSimpleName();
        String hint = found instanceof X509CertificateHolder
                ? " Extract its public key with 'openssl x509 -pubkey -noout -in cert.pem'."
                : "";
        return new KeyMaterialException(KeyMaterialException.Problem.WRONG_PEM_TYPE,
                "expected " + wanted + ", but the PEM text holds " + what + "." + hint);
    }

    /**
     * Derives the public key from a private key: EC as the curve's generator times the private scalar, RSA from the
     * modulus and public exponent a CRT key carries. PKCS#8 may omit the public key, so it is not read from the file.
     */
    static PublicKey publicKeyOf(PrivateKey privateKey) {
        try {
            if (privateKey instanceof ECPrivateKey ec) {
                AlgorithmIdentifier algorithm = PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm();
                X962Parameters parameters = X962Parameters.getInstance(algorithm.getParameters());
                X9ECParameters curve = parameters.isNamedCurve()
                        ? ECNamedCurveTable.getByOID((ASN1ObjectIdentifier) parameters.getParameters())
                        : X9ECParameters.getInstance(parameters.getParameters());
                ECPoint q = curve.getG().multiply(ec.getS()).normalize();
                SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(algorithm, q.getEncoded(false));
                return KeyFactory.getInstance("EC", FipsProviders.provider())
                        .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
            }
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                BigInteger exponent = rsa.getPublicExponent();
                return KeyFactory.getInstance("RSA", FipsProviders.provider())
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), exponent));
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE,
                    "cannot derive the public key from the " + privateKey.getAlgorithm() + " private key: "
                            + e.getMessage(), e);
        }
        throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE,
                "cannot derive the public key from a " + privateKey.getAlgorithm() + " private key without its "
                        + "public exponent; give the key in PKCS#8 or PKCS#1 form with all its fields.");
    }
}
