package dev.packyard.registry.signatures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.ManifestParser;
import dev.packyard.registry.oci.manifest.MediaTypes;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestRevision;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.StoredManifest;
import dev.packyard.registry.oci.store.UploadStore;
import dev.packyard.registry.storage.StorageNotFoundException;
import dev.packyard.signing.CosignSigner;
import dev.packyard.signing.CosignVerifier;
import dev.packyard.signing.SigningKey;
import dev.packyard.signing.SimpleSigningPayload;
import dev.packyard.signing.VerificationResult;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signs manifests with the registry's key and stores each signature as cosign does: the simple-signing payload as a
 * blob, and a signature manifest whose layers are the payloads, each with its signature in the
 * {@value SimpleSigningPayload#SIGNATURE_ANNOTATION} annotation, tagged {@code sha256-<hex>.sig} (where
 * {@code cosign verify} looks). The same manifest names the signed one as its {@code subject}, so it is an OCI 1.1
 * referrer too. Signatures already under the tag (made by cosign or an earlier call) are kept: one manifest holds
 * all signatures of an object, one layer each.
 */
final class CosignPublisher {

    /** What cosign writes as the artifact type of signatures it attaches as referrers. */
    static final String ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore blobs;
    private final UploadStore uploads;
    private final ManifestStore manifests;
    private final ManifestPublisher publisher;
    private final SigningKey key;
    private final CosignSigner signer;
    private final CosignVerifier ownKey;
    /** Signing an object rewrites its signature tag; two at once would each drop the other's layer. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    CosignPublisher(BlobStore blobs, UploadStore uploads, ManifestStore manifests, ManifestPublisher publisher,
                    SigningKey key) {
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.publisher = publisher;
        this.key = key;
        this.signer = CosignSigner.of(key);
        this.ownKey = CosignVerifier.of(key.publicKey());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The outcome of a signing request.
     *
     * @param created false when the registry's key had signed this manifest already (nothing was written)
     */
    record Signed(Digest manifest, Digest signatureManifest, String tag, boolean created) {
    }

    /** The tag cosign looks for the signatures of {@code manifest} under. */
    static String signatureTag(Digest manifest) {
        return manifest.algorithm().id() + "-" + manifest.hex() + ".sig";
    }

    /**
     * Signs {@code manifest} of {@code repository}, whose revision the caller has found.
     *
     * @param dockerReference what the payload names as the signed image ({@code HOST/REPOSITORY}); cosign does not
     *                        check it, the digest binds the signature
     */
    Signed sign(RepositoryName repository, ManifestRevision manifest, String dockerReference) throws IOException {
        ReentrantLock lock = locks[Math.floorMod((repository + "@" + manifest.digest()).hashCode(), locks.length)];
        lock.lock();
        try {
            String tag = signatureTag(manifest.digest());
            Optional<Digest> current = manifests.resolveTag(repository, tag);
            List<Descriptor> layers = new ArrayList<>(current.isPresent()
                    ? existingLayers(repository, current.get()) : List.of());
            for (Descriptor layer : layers) {
                if (signedByOwnKey(layer, manifest.digest())) {
                    return new Signed(manifest.digest(), current.get(), tag, false);
                }
            }
            byte[] payload = SimpleSigningPayload.of(dockerReference, manifest.digest().toString()).toBytes();
            Digest payloadDigest = store(repository, payload);
            layers.add(new Descriptor("layers", SimpleSigningPayload.MEDIA_TYPE, payloadDigest, payload.length,
                    Map.of(SimpleSigningPayload.SIGNATURE_ANNOTATION, signer.sign(payload))));
            byte[] config = config(layers);
            Digest configDigest = store(repository, config);
            byte[] signatureManifest = signatureManifest(configDigest, config.length, layers, manifest);
            Digest signatureDigest = Digest.of(DigestAlgorithm.SHA256, signatureManifest);
            publisher.publish(repository, signatureDigest, signatureManifest,
                    new ManifestParser().parse(signatureManifest, Optional.of(MediaTypes.OCI_MANIFEST)), List.of(tag));
            return new Signed(manifest.digest(), signatureDigest, tag, true);
        } finally {
            lock.unlock();
        }
    }

    private List<Descriptor> existingLayers(RepositoryName repository, Digest signatureManifest) throws IOException {
        Optional<StoredManifest> stored = manifests.get(repository, signatureManifest);
        if (stored.isEmpty()) {
            return List.of();
        }
        return new ManifestParser().parse(stored.get().content(), Optional.of(MediaTypes.OCI_MANIFEST)).layers()
                .stream().filter(layer -> layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)).toList();
    }

    private boolean signedByOwnKey(Descriptor layer, Digest manifest) throws IOException {
        String signature = layer.annotations().get(SimpleSigningPayload.SIGNATURE_ANNOTATION);
        if (signature == null || layer.size() > 1 << 20) {
            return false;
        }
        byte[] payload;
        try {
            payload = blobs.content(layer.digest());
        } catch (StorageNotFoundException e) {
            return false; // a signature whose payload is gone proves nothing; it is kept as it was
        }
        return ownKey.verify(payload, signature, manifest.toString()) instanceof VerificationResult.Verified;
    }

    private Digest store(RepositoryName repository, byte[] content) throws IOException {
        return uploads.uploadWhole(repository, Digest.of(DigestAlgorithm.SHA256, content),
                new ByteArrayInputStream(content));
    }

    /** An image config naming the payloads as its layers, in the shape cosign writes. */
    private static byte[] config(List<Descriptor> layers) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "");
        config.putObject("config");
        config.put("created", "0001-01-01T00:00:00Z");
        config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(layer -> diffIds.add(layer.digest().toString()));
        return JSON.writeValueAsBytes(config);
    }

    private static byte[] signatureManifest(Digest config, long configSize, List<Descriptor> layers,
                                            ManifestRevision subject) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.put("artifactType", ARTIFACT_TYPE);
        ObjectNode configNode = root.putObject("config");
        configNode.put("mediaType", CONFIG_MEDIA_TYPE);
        configNode.put("size", configSize);
        configNode.put("digest", config.toString());
        ArrayNode layerNodes = root.putArray("layers");
        for (Descriptor layer : layers) {
            ObjectNode node = layerNodes.addObject();
            node.put("mediaType", layer.mediaType());
            node.put("size", layer.size());
            node.put("digest", layer.digest().toString());
            ObjectNode annotations = node.putObject("annotations");
            new LinkedHashMap<>(layer.annotations()).forEach(annotations::put);
        }
        ObjectNode subjectNode = root.putObject("subject");
        subjectNode.put("mediaType", subject.mediaType());
        subjectNode.put("size", subject.size());
        subjectNode.put("digest", subject.digest().toString());
        return JSON.writeValueAsBytes(root);
    }

    SigningKey key() {
        return key;
    }
}
