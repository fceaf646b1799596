package dev.packyard.signing;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;

/**
 * The key types Packyard signs with, each tied to exactly one signature algorithm so a key alone decides how its
 * signatures are made and checked.
 *
 * <p>Interoperability with {@code cosign verify --key cosign.pub}: cosign hashes with SHA-256 and checks RSA keys with
 * PKCS#1 v1.5 unless told otherwise, so {@link #EC_P256} works as is, {@link #EC_P384} needs
 * {@code --signature-digest-algorithm sha384}, and {@link #RSA_3072_PSS} signatures are for verifiers that accept
 * RSASSA-PSS (this package does); cosign's key-based verify does not.
 */
public enum KeyAlgorithm {

    /** ECDSA on NIST P-256 with SHA-256: what {@code cosign generate-key-pair} makes, and the default. */
    EC_P256("P-256", 256, "SHA256withECDSA"),
    /** ECDSA on NIST P-384 with SHA-384. */
    EC_P384("P-384", 384, "SHA384withECDSA"),
    /**
     * RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt; keys are generated with 3072 bits, and no smaller
     * key signs (3072 bits is what gives the 128-bit strength of P-256).
     */
    RSA_3072_PSS(null, 3072, "RSASSA-PSS");

    /** The algorithm new keys get unless the operator picks another. */
    public static final KeyAlgorithm DEFAULT = EC_P256;

    /** The smallest RSA key that may sign. */
    public static final int MIN_RSA_SIGNING_BITS = 3072;
    /**
     * The smallest RSA key whose signatures are still checked: NIST SP 800-131A keeps 2048-bit RSA acceptable for
     * verification, and refusing such keys would only lock out older published keys.
     */
    public static final int MIN_RSA_VERIFYING_BITS = 2048;

    private static final PSSParameterSpec PSS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

    private final String curve;
    private final int bits;
    private final String signatureAlgorithm;

    KeyAlgorithm(String curve, int bits, String signatureAlgorithm) {
        this.curve = curve;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA signature algorithm name, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The key size new keys get, in bits. */
    public int keySize() {
        return bits;
    }

    /** {@code true} for the ECDSA algorithms. */
    public boolean isEc() {
        return curve != null;
    }

    /** Generates a fresh key pair with the FIPS provider and the shared DRBG. */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator;
            if (isEc()) {
                generator = KeyPairGenerator.getInstance("EC", FipsProviders.provider());
                generator.initialize(new ECGenParameterSpec(curve), FipsProviders.secureRandom());
            } else {
                generator = KeyPairGenerator.getInstance("RSA", FipsProviders.provider());
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4),
                        FipsProviders.secureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the FIPS provider cannot generate a " + this + " key", e);
        }
    }

    /**
     * A new, uninitialised {@link Signature} for this algorithm, parameters set. A new one per use: Signature objects
     * carry state and are not safe to share between threads.
     */
    Signature newSignature() {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm, FipsProviders.provider());
            if (this == RSA_3072_PSS) {
                signature.setParameter(PSS);
            }
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the FIPS provider offers no " + signatureAlgorithm, e);
        }
    }

    /**
     * The algorithm a private key signs with.
     *
     * @throws KeyMaterialException if the key is not EC on P-256/P-384, or RSA of at least 3072 bits
     */
    public static KeyAlgorithm forSigning(PrivateKey key) {
        return of(key, MIN_RSA_SIGNING_BITS, "sign");
    }

    /**
     * The algorithm a public key's signatures are checked with.
     *
     * @throws KeyMaterialException if the key is not EC on P-256/P-384, or RSA of at least 2048 bits
     */
    public static KeyAlgorithm forVerifying(PublicKey key) {
        return of(key, MIN_RSA_VERIFYING_BITS, "verify");
    }

    private static KeyAlgorithm of(Key key, int minRsaBits, String use) {
        if (key instanceof ECKey ec) {
            ECParameterSpec params = ec.getParams();
            for (KeyAlgorithm candidate : new KeyAlgorithm[] {EC_P256, EC_P384}) {
                if (sameCurve(params, Curves.spec(candidate))) {
                    return candidate;
                }
            }
            throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_CURVE,
                    "the EC key is on " + describeCurve(key, params) + "; only P-256 (secp256r1, prime256v1, the "
                            + "cosign default) and P-384 (secp384r1) are supported. Generate a P-256 key instead.");
        }
        if (key instanceof RSAKey rsa && "RSA".equalsIgnoreCase(key.getAlgorithm())) {
            int size = rsa.getModulus().bitLength();
            if (size < minRsaBits) {
                throw new KeyMaterialException(KeyMaterialException.Problem.KEY_TOO_SMALL,
                        "the RSA key has " + size + " bits; at least " + minRsaBits + " are needed to " + use
                                + ". Use a 3072-bit RSA key or an EC P-256 key.");
            }
            return RSA_3072_PSS;
        }
        throw new KeyMaterialException(KeyMaterialException.Problem.UNSUPPORTED_KEY_TYPE,
                "a " + key.getAlgorithm() + " key cannot " + use + " here; supported are EC P-256 (the cosign "
                        + "default), EC P-384 and RSA of at least 3072 bits.");
    }

    // EllipticCurve.equals covers the field and the coefficients; generator and order pin the group. Comparing the
    // parameters, not an encoded curve name, also recognises keys that spell the curve out explicitly.
    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    /** A human name for an unsupported curve: its registered name where the key's encoding has one. */
    private static String describeCurve(Key key, ECParameterSpec params) {
        String fallback = "a " + params.getCurve().getField().getFieldSize() + "-bit curve";
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return fallback;
        }
        try {
            AlgorithmIdentifier algorithm = key instanceof PublicKey
                    ? SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm()
                    : PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm();
            ASN1Encodable parameters = algorithm.getParameters();
            X962Parameters x962 = X962Parameters.getInstance(parameters);
            if (x962.isNamedCurve()) {
                ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) x962.getParameters();
                String name = ECNamedCurveTable.getName(oid);
                return name != null ? "curve " + name + " (" + oid.getId() + ")" : "curve " + oid.getId();
            }
            return fallback + " given by explicit parameters";
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The reference parameters of the supported curves, as the FIPS provider defines them; looked up once. */
    private static final class Curves {
        private static final ECParameterSpec P256 = load("P-256");
        private static final ECParameterSpec P384 = load("P-384");

        static ECParameterSpec spec(KeyAlgorithm algorithm) {
            return algorithm == EC_P256 ? P256 : P384;
        }

        private static ECParameterSpec load(String name) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC", FipsProviders.provider());
                parameters.init(new ECGenParameterSpec(name));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the FIPS provider cannot describe curve " + name, e);
            }
        }
    }
}
