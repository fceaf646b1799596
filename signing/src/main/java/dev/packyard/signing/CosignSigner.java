package dev.packyard.signing;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Makes cosign signatures with one key: the signature of the exact payload bytes, base64-encoded, which is the value of
 * the {@value SimpleSigningPayload#SIGNATURE_ANNOTATION} annotation. ECDSA signatures come out ASN.1 DER encoded, the
 * form cosign's verifier expects. Immutable and safe to share between threads.
 */
public final class CosignSigner {

    private final SigningKey key;

    private CosignSigner(SigningKey key) {
        this.key = key;
    }

    public static CosignSigner of(SigningKey key) {
        return new CosignSigner(Objects.requireNonNull(key, "key"));
    }

    public SigningKey key() {
        return key;
    }

    /** Signs the payload bytes exactly as given (normally {@link SimpleSigningPayload#toBytes()}). */
    public String sign(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        try {
            Signature signature = key.algorithm().newSignature();
            signature.initSign(key.privateKey(), FipsProviders.secureRandom());
            signature.update(payload);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the FIPS provider failed to sign with a " + key.algorithm() + " key", e);
        }
    }
}
