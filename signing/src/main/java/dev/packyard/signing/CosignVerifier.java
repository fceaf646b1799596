package dev.packyard.signing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Checks cosign signatures against one public key, the way {@code cosign verify --key cosign.pub} does: the signature
 * over the exact payload bytes first, then the payload's claims (type, and the manifest digest that binds it to one
 * image). Immutable and safe to share between threads.
 */
public final class CosignVerifier {

    private final PublicKey key;
    private final KeyAlgorithm algorithm;

    private CosignVerifier(PublicKey key, KeyAlgorithm algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /**
     * A verifier for a public key, e.g. from {@link PemKeys#readPublicKey}.
     *
     * @throws KeyMaterialException if the key is not EC P-256/P-384 or RSA of at least 2048 bits
     */
    public static CosignVerifier of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        return new CosignVerifier(key, KeyAlgorithm.forVerifying(key));
    }

    public PublicKey key() {
        return key;
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Checks one signature.
     *
     * @param payload                the payload blob's bytes, as downloaded
     * @param signatureBase64        the {@value SimpleSigningPayload#SIGNATURE_ANNOTATION} annotation value
     * @param expectedManifestDigest the digest of the manifest the signature is supposed to be for
     */
    public VerificationResult verify(byte[] payload, String signatureBase64, String expectedManifestDigest) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signatureBase64, "signatureBase64");
        Objects.requireNonNull(expectedManifestDigest, "expectedManifestDigest");

        byte[] signature;
        try {
            // Go's base64 decoder, which cosign uses, skips line breaks; everything else must be strict base64.
            signature = Base64.getDecoder().decode(signatureBase64.replace("\r", "").replace("\n", ""));
        } catch (IllegalArgumentException e) {
            return reject(VerificationResult.Reason.BAD_BASE64,
                    "the signature annotation is not base64: " + e.getMessage());
        }
        if (signature.length == 0) {
            return reject(VerificationResult.Reason.BAD_BASE64, "the signature annotation is empty");
        }
        String malformed = algorithm.isEc() ? checkDer(signature) : checkRsaLength(signature);
        if (malformed != null) {
            return reject(VerificationResult.Reason.MALFORMED_SIGNATURE, malformed);
        }
        try {
            Signature verifier = algorithm.newSignature();
            verifier.initVerify(key);
            verifier.update(payload);
            if (!verifier.verify(signature)) {
                return reject(VerificationResult.Reason.SIGNATURE_MISMATCH,
                        "the signature does not match the payload and this " + algorithm + " public key: it was made "
                                + "with another key, or over other bytes");
            }
        } catch (SignatureException e) {
            return reject(VerificationResult.Reason.MALFORMED_SIGNATURE,
                    "the signature cannot be decoded as " + algorithm.signatureAlgorithm() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the FIPS provider failed to verify with a " + algorithm + " key", e);
        }
        try {
            return new VerificationResult.Verified(SimpleSigningPayload.parse(payload, expectedManifestDigest));
        } catch (PayloadException e) {
            VerificationResult.Reason reason = switch (e.problem()) {
                case MALFORMED -> VerificationResult.Reason.MALFORMED_PAYLOAD;
                case WRONG_TYPE -> VerificationResult.Reason.WRONG_TYPE;
                case DIGEST_MISMATCH -> VerificationResult.Reason.DIGEST_MISMATCH;
            };
            return reject(reason, e.getMessage());
        }
    }

    /**
     * An ECDSA signature must be exactly DER {@code SEQUENCE { INTEGER r, INTEGER s }} with positive values and nothing
     * after it, as Go's {@code ecdsa.VerifyASN1} requires; anything looser would accept signatures cosign rejects.
     *
     * @return why the bytes are not such a signature, or {@code null} if they are
     */
    private static String checkDer(byte[] signature) {
        ASN1Primitive parsed;
        try {
            parsed = ASN1Primitive.fromByteArray(signature);
        } catch (IOException | RuntimeException e) {
            return "the signature is not ASN.1 DER (truncated or garbled, " + signature.length + " bytes): "
                    + e.getMessage();
        }
        if (!(parsed instanceof ASN1Sequence sequence) || sequence.size() != 2
                || !(sequence.getObjectAt(0) instanceof ASN1Integer r)
                || !(sequence.getObjectAt(1) instanceof ASN1Integer s)) {
            return "the signature is ASN.1 but not an ECDSA signature (a SEQUENCE of two INTEGERs)";
        }
        if (r.getValue().signum() <= 0 || s.getValue().signum() <= 0) {
            return "the ECDSA signature has a zero or negative value";
        }
        try {
            if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), signature)) {
                return "the ECDSA signature is not in canonical DER form";
            }
        } catch (IOException e) {
            return "the ECDSA signature cannot be re-encoded: " + e.getMessage();
        }
        return null;
    }

    private String checkRsaLength(byte[] signature) {
        int expected = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
        return signature.length == expected ? null
                : "the RSA signature has " + signature.length + " bytes; this key's signatures have " + expected;
    }

    private static VerificationResult reject(VerificationResult.Reason reason, String message) {
        return new VerificationResult.Rejected(reason, message);
    }
}
