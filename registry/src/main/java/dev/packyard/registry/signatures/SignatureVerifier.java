package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.StoredManifest;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.signing.CosignVerifier;
import dev.packyard.signing.SimpleSigningPayload;
import dev.packyard.signing.VerificationResult;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the cosign signatures of a manifest where cosign puts them (the {@code sha256-<hex>.sig} tag, and referrers
 * of cosign's artifact type) and checks each against trusted keys, as {@code cosign verify --key} does: the
 * signature over the payload bytes, then the payload's claim to be about this very manifest.
 *
 * <p>Results are cached by the manifest, the signature manifests found and the keys: a new signature changes the
 * signature manifests, so a cached answer is never stale; finding them costs two small storage reads per check.
 */
final class SignatureVerifier {

    /** Payloads are a few hundred bytes; a large "payload" is not one and is not read. */
    private static final long MAX_PAYLOAD_BYTES = 1 << 20;

    private final ManifestStore manifests;
    private final BlobStore blobs;
    private final Cache<String, SignatureStatus> checked = Caffeine.newBuilder().maximumSize(50_000).build();

    SignatureVerifier(ManifestStore manifests, BlobStore blobs) {
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /** A public key trusted under a name (a key file's name, or {@code registry}). */
    record TrustedKey(String name, PublicKey key) {
    }

    /**
     * Checks the signatures of {@code manifest} against the keys {@code trustedKeys} gives, which is asked only when
     * there are signatures to check: loading the registry's own key starts the FIPS provider, seconds that an unsigned
     * manifest need not cost.
     */
    SignatureStatus check(RepositoryName repository, Digest manifest, Supplier<List<TrustedKey>> trustedKeys)
            throws IOException {
        List<Digest> signatureManifests = signatureManifests(repository, manifest);
        if (signatureManifests.isEmpty()) {
            return new SignatureStatus(manifest, List.of());
        }
        List<TrustedKey> keys = trustedKeys.get();
        String cacheKey = repository + "@" + manifest + "|" + signatureManifests + "|"
                + keys.stream().map(k -> k.name() + "=" + Arrays.hashCode(k.key().getEncoded()))
                .collect(Collectors.joining(","));
        SignatureStatus cached = checked.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<SignatureStatus.Signature> found = new ArrayList<>();
        for (Digest signatureManifest : signatureManifests) {
            for (Descriptor layer : signatureLayers(repository, signatureManifest)) {
                found.add(check(signatureManifest, layer, manifest, keys));
            }
        }
        SignatureStatus status = new SignatureStatus(manifest, found);
        checked.put(cacheKey, status);
        return status;
    }

    boolean exists(RepositoryName repository, Digest manifest) throws IOException {
        return manifests.revision(repository, manifest).isPresent();
    }

    /** Whether {@code digest} is itself a cosign signature manifest (which no policy asks to be signed). */
    boolean isSignatureManifest(RepositoryName repository, Digest digest) throws IOException {
        Optional<Manifest> manifest = parsed(repository, digest);
        if (manifest.isEmpty()) {
            return false;
        }
        if (manifest.get().artifactType().filter(CosignPublisher.ARTIFACT_TYPE::equals).isPresent()) {
            return true;
        }
        List<Descriptor> layers = manifest.get().layers();
        return !layers.isEmpty() && layers.stream().allMatch(l -> l.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE));
    }

    private List<Digest> signatureManifests(RepositoryName repository, Digest manifest) throws IOException {
        Set<Digest> found = new LinkedHashSet<>();
        manifests.resolveTag(repository, CosignPublisher.signatureTag(manifest)).ifPresent(found::add);
        for (ObjectNode referrer : manifests.referrers(repository, manifest)) {
            if (CosignPublisher.ARTIFACT_TYPE.equals(referrer.path("artifactType").asText())
                    && Digest.parse(referrer.path("digest").asText()) instanceof Digest.Valid valid) {
                found.add(valid.digest());
            }
        }
        return List.copyOf(found);
    }

    private List<Descriptor> signatureLayers(RepositoryName repository, Digest signatureManifest) throws IOException {
        return parsed(repository, signatureManifest).map(m -> m.layers().stream()
                .filter(layer -> layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)).toList()).orElse(List.of());
    }

    private Optional<Manifest> parsed(RepositoryName repository, Digest digest) throws IOException {
        Optional<StoredManifest> stored = manifests.get(repository, digest);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ManifestParser().parse(stored.get().content(),
                    Optional.of(stored.get().revision().mediaType())));
        } catch (RuntimeException e) {
            return Optional.empty(); // stored manifests were checked on push; an index or the like is no signature
        }
    }

    private SignatureStatus.Signature check(Digest signatureManifest, Descriptor layer, Digest manifest,
                                            List<TrustedKey> keys) throws IOException {
        String signature = layer.annotations().get(SimpleSigningPayload.SIGNATURE_ANNOTATION);
        if (signature == null) {
            return rejected(signatureManifest, layer, "the layer has no " + SimpleSigningPayload.SIGNATURE_ANNOTATION
                    + " annotation");
        }
        if (layer.size() > MAX_PAYLOAD_BYTES) {
            return rejected(signatureManifest, layer, "the payload is " + layer.size() + " bytes, not a signing payload");
        }
        byte[] payload;
        try {
            payload = blobs.content(layer.digest());
        } catch (StorageNotFoundException e) {
            return rejected(signatureManifest, layer, "the payload blob " + layer.digest() + " is missing");
        }
        if (keys.isEmpty()) {
            return rejected(signatureManifest, layer, "no key is trusted here");
        }
        List<String> reasons = new ArrayList<>();
        for (TrustedKey key : keys) {
            VerificationResult result = CosignVerifier.of(key.key()).verify(payload, signature, manifest.toString());
            if (result instanceof VerificationResult.Verified) {
                return new SignatureStatus.Signature(signatureManifest, layer.digest(), Optional.of(key.name()), null);
            }
            reasons.add(key.name() + ": " + ((VerificationResult.Rejected) result).message());
        }
        return rejected(signatureManifest, layer, String.join("; ", reasons));
    }

    private static SignatureStatus.Signature rejected(Digest signatureManifest, Descriptor layer, String problem) {
        return new SignatureStatus.Signature(signatureManifest, layer.digest(), Optional.empty(), problem);
    }
}
