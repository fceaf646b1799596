package dev.packyard.registry.oci;

import dev.packyard.registry.oci.manifest.Manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a feature built on the registry (packs, charts) check manifests pushed into its repositories and keep its
 * own records in step. The OCI layer calls it around every manifest write and delete; it knows nothing of what a
 * guard does.
 */
public interface ManifestGuard {

    /**
     * Checks a manifest before anything is stored; throws {@link OciException} to refuse it.
     *
     * @return what to do once the manifest and its tags are stored
     */
    Admitted admit(RepositoryName repository, Digest digest, Manifest manifest, List<String> tags) throws IOException;

    /** Checks a delete of a tag or digest before it happens; throws {@link OciException} to refuse it. */
    void beforeDelete(RepositoryName repository, String reference) throws IOException;

    /** Runs after the tag or manifest {@code reference} (a tag or a digest) was deleted from the repository. */
    void afterDelete(RepositoryName repository, String reference) throws IOException;

    /** Follow-up work for an admitted manifest. */
    @FunctionalInterface
    interface Admitted {
        Admitted NOTHING = () -> { };

        void stored() throws IOException;
    }

    /** A guard that accepts everything. */
    ManifestGuard NONE = new ManifestGuard() {
        @Override
        public Admitted admit(RepositoryName repository, Digest digest, Manifest manifest, List<String> tags) {
            return Admitted.NOTHING;
        }

        @Override
        public void beforeDelete(RepositoryName repository, String reference) {
        }

        @Override
        public void afterDelete(RepositoryName repository, String reference) {
        }
    };

    /**
     * Several guards as one: a manifest is admitted when every guard admits it, and each guard's follow-up runs
     * once it is stored, in the order given.
     */
    static ManifestGuard all(List<ManifestGuard> guards) {
        List<ManifestGuard> all = List.copyOf(guards);
        return new ManifestGuard() {
            @Override
            public Admitted admit(RepositoryName repository, Digest digest, Manifest manifest, List<String> tags)
                    throws IOException {
                List<Admitted> followUps = new ArrayList<>();
                for (ManifestGuard guard : all) {
                    followUps.add(guard.admit(repository, digest, manifest, tags));
                }
                return () -> {
                    for (Admitted followUp : followUps) {
                        followUp.stored();
                    }
                };
            }

            @Override
            public void beforeDelete(RepositoryName repository, String reference) throws IOException {
                for (ManifestGuard guard : all) {
                    guard.beforeDelete(repository, reference);
                }
            }

            @Override
            public void afterDelete(RepositoryName repository, String reference) throws IOException {
                for (ManifestGuard guard : all) {
                    guard.afterDelete(repository, reference);
                }
            }
        };
    }
}
