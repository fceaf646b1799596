package dev.packyard.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A private key that signs, with its public half (what is published as {@code cosign.pub}) and the algorithm both
 * imply. Immutable; build one with {@link #generate}, {@link #of}, {@link PemKeys#readPrivateKey} or
 * {@link KeyStores#load}.
 */
public final class SigningKey {

    private static final byte[] PAIR_PROBE = "packyard signing key pair check".getBytes(StandardCharsets.US_ASCII);

    private final KeyAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key of the given algorithm, made by the FIPS provider. */
    public static SigningKey generate(KeyAlgorithm algorithm) {
        KeyPair pair = algorithm.generateKeyPair();
        return new SigningKey(algorithm, pair.getPrivate(), pair.getPublic());
    }

    /**
     * A signing key from a private key and its public key, after checking that the private key may sign and that the
     * two belong together (by signing a probe and verifying it: comparing key fields would need a case per key type).
     *
     * @throws KeyMaterialException if the key is of an unsupported type, curve or size, or the halves do not match
     */
    public static SigningKey of(PrivateKey privateKey, PublicKey publicKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        KeyAlgorithm algorithm = KeyAlgorithm.forSigning(privateKey);
        if (KeyAlgorithm.forVerifying(publicKey) != algorithm || !pairMatches(algorithm, privateKey, publicKey)) {
            throw new KeyMaterialException(KeyMaterialException.Problem.KEY_MISMATCH,
                    "the public key does not belong to the private key (a " + algorithm + " key); give the public "
                            + "key derived from the same private key.");
        }
        return new SigningKey(algorithm, privateKey, publicKey);
    }

    private static boolean pairMatches(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        try {
            Signature signer = algorithm.newSignature();
            signer.initSign(privateKey, FipsProviders.secureRandom());
            signer.update(PAIR_PROBE);
            byte[] probe = signer.sign();
            Signature verifier = algorithm.newSignature();
            verifier.initVerify(publicKey);
            verifier.update(PAIR_PROBE);
            return verifier.verify(probe);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Package-private: the private key leaves this package only inside a password-protected keystore. */
    PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key as a {@code PUBLIC KEY} PEM block: the {@code cosign.pub} file verifiers are given. */
    public String publicKeyPem() {
        return PemKeys.publicKeyPem(publicKey);
    }

    /** Names the algorithm only; a key's string form must never leak key material into logs. */
    @Override
    public String toString() {
        return "SigningKey[" + algorithm + "]";
    }
}
