package dev.packyard.registry.signatures;

import dev.packyard.registry.config.TrustRule;
import dev.packyard.registry.oci.ManifestSignatures;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.PullPolicy;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.UploadStore;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** cosign-compatible signatures made with the registry's own key, their verification, and trust policies on pulls. */
public final class SignatureFeature {

    private final SigningApi api;
    private final TrustEnforcer trust;

    private SignatureFeature(SigningApi api, TrustEnforcer trust) {
        this.api = api;
        this.trust = trust;
    }

    /**
     * The feature over the registry's signing key in {@code <data>/_signing}, which is loaded (or created, on the
     * first start) when first needed: starting the FIPS provider and its self-tests takes seconds, which a server
     * that never signs should not pay at every start.
     */
    public static SignatureFeature open(Path dataDir, BlobStore blobs, UploadStore uploads, ManifestStore manifests,
                                        ManifestPublisher publisher, List<TrustRule> trustRules) throws IOException {
        Path keyFolder = RegistrySigningKey.folder(dataDir);
        Supplier<CosignPublisher> signatures = new Supplier<>() {
            private CosignPublisher loaded;

            @Override
            public synchronized CosignPublisher get() {
                if (loaded == null) {
                    try {
                        loaded = new CosignPublisher(blobs, uploads, manifests, publisher,
                                RegistrySigningKey.loadOrCreate(keyFolder));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the registry's signing key in " + keyFolder
                                + " could not be loaded", e);
                    }
                }
                return loaded;
            }
        };
        SignatureVerifier verifier = new SignatureVerifier(manifests, blobs);
        TrustEnforcer trust = TrustEnforcer.of(trustRules, verifier, () -> signatures.get().key().publicKey());
        return new SignatureFeature(new SigningApi(manifests, signatures, trust), trust);
    }

    /** The trust policies, for the OCI API to apply to every manifest pull. */
    public PullPolicy pullPolicy() {
        return trust;
    }

    /** Each manifest's signature status, for the pack catalog and search. */
    public ManifestSignatures manifestSignatures() {
        return (repository, digest) -> {
            if (!RepositoryName.isValid(repository) || !(Digest.parse(digest) instanceof Digest.Valid valid)) {
                return Optional.empty();
            }
            SignatureStatus status = trust.statusOf(new RepositoryName(repository), valid.digest());
            return Optional.of(new ManifestSignatures.Status(status.signed(), status.verified(), status.verifiedBy()));
        };
    }

    public HttpService api() {
        return api;
    }
}
