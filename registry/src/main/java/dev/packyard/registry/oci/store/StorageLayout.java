package dev.packyard.registry.oci.store;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.storage.StoragePath;

import java.util.UUID;

/**
 * Where each piece of registry state lives in storage, modelled on CNCF distribution's layout:
 * <pre>
 * blobs/&lt;alg&gt;/&lt;hex[0:2]&gt;/&lt;hex&gt;/data                      content, shared by every repository
 * repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;/link           a blob is part of the repository
 * repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;   a manifest of the repository (JSON record)
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current         the digest a tag points at
 * repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;  a referrer's descriptor, by subject
 * repositories/&lt;name&gt;/_&lt;feature&gt;/...                    records of features built on the registry (packs)
 * _uploads/&lt;uuid&gt;/{data,session}                          upload sessions in progress
 * </pre>
 * Repository-internal folders start with {@code _}, which no name component can, so nested repositories
 * ({@code a} and {@code a/b}) never collide.
 */
public final class StorageLayout {

    static final StoragePath REPOSITORIES = StoragePath.of("repositories");
    static final StoragePath UPLOADS = StoragePath.of("_uploads");
    static final String MANIFESTS_FOLDER = "_manifests";
    static final String LAYERS_FOLDER = "_layers";

    private StorageLayout() {
    }

    static StoragePath blobData(Digest digest) {
        return StoragePath.of("blobs/" + digest.algorithm().id() + "/" + digest.prefix() + "/" + digest.hex() + "/data");
    }

    static StoragePath repository(RepositoryName name) {
        return REPOSITORIES.resolve(name.value());
    }

    /**
     * {@code repositories/<name>/_<feature>}: where a feature built on the registry (packs, charts) keeps its own
     * records about a repository, beside the repository's manifests.
     */
    public static StoragePath featureFolder(RepositoryName name, String feature) {
        return repository(name).resolve("_" + feature);
    }

    static StoragePath layerLink(RepositoryName name, Digest digest) {
        return repository(name).resolve(LAYERS_FOLDER + "/" + digest.algorithm().id() + "/" + digest.hex() + "/link");
    }

    static StoragePath layerLinkFolder(RepositoryName name, Digest digest) {
        return repository(name).resolve(LAYERS_FOLDER + "/" + digest.algorithm().id() + "/" + digest.hex());
    }

    static StoragePath revision(RepositoryName name, Digest digest) {
        return repository(name).resolve(MANIFESTS_FOLDER + "/revisions/" + digest.algorithm().id() + "/" + digest.hex());
    }

    static StoragePath tags(RepositoryName name) {
        return repository(name).resolve(MANIFESTS_FOLDER + "/tags");
    }

    static StoragePath tagFolder(RepositoryName name, String tag) {
        return tags(name).resolve(tag);
    }

    static StoragePath tagCurrent(RepositoryName name, String tag) {
        return tagFolder(name, tag).resolve("current");
    }

    static StoragePath referrers(RepositoryName name, Digest subject) {
        return repository(name).resolve("_referrers/" + subject.algorithm().id() + "/" + subject.hex());
    }

    static StoragePath referrer(RepositoryName name, Digest subject, Digest referrer) {
        return referrers(name, subject).resolve(referrer.algorithm().id() + "-" + referrer.hex());
    }

    static StoragePath upload(UUID id) {
        return UPLOADS.resolve(id.toString());
    }

    static StoragePath uploadData(UUID id) {
        return upload(id).resolve("data");
    }

    static StoragePath uploadSession(UUID id) {
        return upload(id).resolve("session");
    }
}
