package dev.packyard.e2e.helm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * An OpenPGP signing key made for one test run, written as the legacy binary keyrings Helm reads for
 * {@code helm package --sign} ({@code secring.gpg}, unencrypted so no passphrase is asked) and for verification
 * ({@code pubring.gpg}).
 *
 * <p>An RSA 2048 v4 key that certifies and signs, self-signed with SHA-256: what Go's {@code x/crypto/openpgp}
 * {@code ReadKeyRing}, behind Helm's provenance code, understands.
 */
record TestKeyring(String userId, Path secretKeyring, Path publicKeyring) {

    static final String USER_ID = "Packyard E2E Signer <helm-e2e@packyard.dev>";

    /** A new key for {@link #USER_ID}, its keyrings written into {@code dir}. */
    static TestKeyring generate(Path dir) {
        try {
            RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
            rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
            PGPKeyPair master = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PGPPublicKey.RSA_GENERAL,
                    rsa.generateKeyPair(), new Date(System.currentTimeMillis() - 60_000));

            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
            hashed.setPreferredSymmetricAlgorithms(false, new int[] {SymmetricKeyAlgorithmTags.AES_256});

            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, master,
                    USER_ID, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                    new BcPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    null); // no encryptor: the secret key is stored in the clear, Helm asks for no passphrase

            Files.createDirectories(dir);
            Path secring = dir.resolve("secring.gpg");
            Path pubring = dir.resolve("pubring.gpg");
            try (OutputStream out = Files.newOutputStream(secring)) {
                generator.generateSecretKeyRing().encode(out);
            }
            try (OutputStream out = Files.newOutputStream(pubring)) {
                generator.generatePublicKeyRing().encode(out);
            }
            return new TestKeyring(USER_ID, secring, pubring);
        } catch (PGPException e) {
            throw new IllegalStateException("could not generate an OpenPGP key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
