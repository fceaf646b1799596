package dev.packyard.benchmark.signing;

import dev.packyard.signing.CosignSigner;
import dev.packyard.signing.CosignVerifier;
import dev.packyard.signing.FipsProviders;
import dev.packyard.signing.FipsStatus;
import dev.packyard.signing.KeyAlgorithm;
import dev.packyard.signing.SigningKey;
import dev.packyard.signing.SimpleSigningPayload;
import dev.packyard.signing.VerificationResult;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Sign and verify operations per second, one thread, for each key type: as the registry does them (Bouncy Castle
 * FIPS through {@link CosignSigner} and {@link CosignVerifier}, which also check the signature's encoding and the
 * payload's claims), and with the JDK's own providers (SunEC, SunRsaSign) on the same payload as a reference. Prints
 * one {@code key=value} line per row; {@code benchmark/signing.sh} runs it outside and inside approved-only mode.
 *
 * <pre>java -jar packyard-signing-benchmark.jar [--seconds 5] [--warmup 2]</pre>
 */
public final class SigningBenchmark {

    private static final byte[] PAYLOAD = SimpleSigningPayload.of("registry.example.com/spectro-packs/archive/cilium",
            "sha256:" + HexFormat.of().formatHex(new byte[32])).toBytes();
    private static final String DIGEST = "sha256:" + HexFormat.of().formatHex(new byte[32]);

    private SigningBenchmark() {
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 5;
        double warmup = 2;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                default -> {
                    System.err.println("usage: SigningBenchmark [--seconds 5] [--warmup 2]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        FipsStatus status = FipsProviders.status();
        System.out.printf(Locale.ROOT, "fips approvedOnly=%s moduleVersion=%s selfTest=%s start_ms=%d payload_bytes=%d%n",
                status.approvedOnly(), status.moduleVersion(), status.selfTest(),
                (System.nanoTime() - started) / 1_000_000, PAYLOAD.length);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            SigningKey key = SigningKey.generate(algorithm);
            CosignSigner signer = CosignSigner.of(key);
            CosignVerifier verifier = CosignVerifier.of(key.publicKey());
            String signature = signer.sign(PAYLOAD);
            if (!(verifier.verify(PAYLOAD, signature, DIGEST) instanceof VerificationResult.Verified)) {
                throw new IllegalStateException("a fresh " + algorithm + " signature does not verify");
            }
            report(algorithm, "bcfips", "sign", measure(() -> signer.sign(PAYLOAD), seconds, warmup));
            report(algorithm, "bcfips", "verify", measure(() -> verifier.verify(PAYLOAD, signature, DIGEST),
                    seconds, warmup));

            KeyPair jdkKeys = jdkKeys(algorithm);
            Signature jdkSigner = jdkSignature(algorithm);
            jdkSigner.initSign(jdkKeys.getPrivate());
            jdkSigner.update(PAYLOAD);
            byte[] jdkSignature = jdkSigner.sign();
            Signature jdkVerifier = jdkSignature(algorithm);
            report(algorithm, "jdk", "sign", measure(() -> {
                jdkSigner.initSign(jdkKeys.getPrivate());
                jdkSigner.update(PAYLOAD);
                Base64.getEncoder().encodeToString(jdkSigner.sign());
            }, seconds, warmup));
            report(algorithm, "jdk", "verify", measure(() -> {
                jdkVerifier.initVerify(jdkKeys.getPublic());
                jdkVerifier.update(PAYLOAD);
                if (!jdkVerifier.verify(jdkSignature)) {
                    throw new IllegalStateException("the JDK's " + algorithm + " signature does not verify");
                }
            }, seconds, warmup));
        }
    }

    private static KeyPair jdkKeys(KeyAlgorithm algorithm) throws Exception {
        KeyPairGenerator generator;
        switch (algorithm) {
            case EC_P256 -> {
                generator = KeyPairGenerator.getInstance("EC", "SunEC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            case EC_P384 -> {
                generator = KeyPairGenerator.getInstance("EC", "SunEC");
                generator.initialize(new ECGenParameterSpec("secp384r1"));
            }
            default -> {
                generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
                generator.initialize(3072);
            }
        }
        return generator.generateKeyPair();
    }

    private static Signature jdkSignature(KeyAlgorithm algorithm) throws Exception {
        return switch (algorithm) {
            case EC_P256 -> Signature.getInstance("SHA256withECDSA", "SunEC");
            case EC_P384 -> Signature.getInstance("SHA384withECDSA", "SunEC");
            default -> {
                Signature pss = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
        };
    }

    /** Operations per second over {@code seconds}, after {@code warmup} seconds of the same untimed. */
    private static double measure(Operation operation, double seconds, double warmup) throws Exception {
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < warmupEnd) {
            operation.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        long now;
        do {
            operation.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    private static void report(KeyAlgorithm algorithm, String provider, String operation, double perSecond) {
        System.out.printf(Locale.ROOT, "row algorithm=%s provider=%s operation=%s ops=%.1f%n", algorithm, provider,
                operation, perSecond);
        System.out.flush();
    }
}
