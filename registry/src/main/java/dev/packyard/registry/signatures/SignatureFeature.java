package dev.packyard.registry.signatures;

import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestPublisher;
import dev.packyard.registry.oci.store.ManifestStore;
import dev.packyard.registry.oci.store.UploadStore;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** cosign-compatible signatures made with the registry's own key, and that key's public half. */
public final class SignatureFeature {

    private final SigningApi api;

    private SignatureFeature(SigningApi api) {
        this.api = api;
    }

    /**
     * The feature over the registry's signing key in {@code <data>/_signing}, which is loaded (or created, on the
     * first start) when first needed: starting the FIPS provider and its self-tests takes seconds, which a server
     * that never signs should not pay at every start.
     */
    public static SignatureFeature open(Path dataDir, BlobStore blobs, UploadStore uploads, ManifestStore manifests,
                                        ManifestPublisher publisher) {
        Path keyFolder = dataDir.resolve("_signing");
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
        return new SignatureFeature(new SigningApi(manifests, signatures));
    }

    public HttpService api() {
        return api;
    }
}
