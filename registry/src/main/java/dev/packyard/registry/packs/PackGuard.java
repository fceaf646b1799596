package dev.packyard.registry.packs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.Pack;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackMetadata;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.PackVersion;
import dev.packyard.packs.UnsafeArchiveException;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.ManifestGuard;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.Descriptor;
import dev.packyard.registry.oci.manifest.Manifest;
import dev.packyard.registry.oci.store.BlobStore;
import dev.packyard.registry.oci.store.ManifestStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps pack repositories ({@code [<base>/]spectro-packs/archive/<name>}) holding valid packs only, and their train
 * tags and catalog records in step with every push and delete.
 *
 * <p>A manifest there is a pack when its artifact or config type is Packyard's, or when it has no subject and one
 * {@code .tar.gz} layer (how {@code oras push repo:1.0.0 name-1.0.0.tar.gz} pushes, as Palette documents).
 * Other manifests (signatures, SBOMs attached to a pack) pass untouched.
 */
public final class PackGuard implements ManifestGuard {

    private final BlobStore blobs;
    private final ManifestStore manifests;
    private final PackRecords records;
    private final PackCatalog catalog;
    private final PackContents contents;
    private final PackValidator validator = new PackValidator();
    private final long maxExpandedBytes;
    private final ObjectMapper json = new ObjectMapper();
    /** Serializes version pushes and deletes per pack repository, so train tags are computed from a stable set. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    PackGuard(BlobStore blobs, ManifestStore manifests, PackRecords records, PackCatalog catalog, PackContents contents,
              long maxExpandedBytes) {
        this.blobs = blobs;
        this.manifests = manifests;
        this.records = records;
        this.catalog = catalog;
        this.contents = contents;
        this.maxExpandedBytes = maxExpandedBytes;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public Admitted admit(RepositoryName repository, Digest digest, Manifest manifest, List<String> tags) throws IOException {
        Optional<PackRepository> packRepository = PackRepository.of(repository);
        if (packRepository.isEmpty()) {
            return Admitted.NOTHING;
        }
        for (String tag : tags) {
            if (PackTrains.isTrainTag(tag)) {
                throw new OciException(ErrorCode.TAG_INVALID, "tag " + tag + " is a train tag, which the registry keeps "
                        + "pointing at the newest version of its train; push the pack under its own version instead");
            }
        }
        if (!isPack(manifest)) {
            return Admitted.NOTHING;
        }
        Descriptor layer = packLayer(manifest);
        Pack pack = readPack(layer);
        PackMetadata metadata = pack.metadata();
        PackRepository target = packRepository.get();
        if (!metadata.name().equals(target.name())) {
            throw invalid("pack.json names pack '" + metadata.name() + "' but it was pushed to " + repository
                    + "; push it to " + PackRepository.named(target.base(), metadata.name()).repository() + ":"
                    + metadata.version());
        }
        if (tags.isEmpty()) {
            throw invalid("a pack is pushed under its version as the tag: push to " + repository + ":" + metadata.version());
        }
        for (String tag : tags) {
            if (!tag.equals(metadata.version())) {
                throw invalid("pack.json says version " + metadata.version() + " but the pack was pushed with tag " + tag
                        + "; the tag must be the pack's version");
            }
        }
        checkConfig(manifest, pack);
        PackVersionRecord record = record(target, digest, layer, pack);
        return () -> {
            contents.remember(record.layerDigest(), pack);
            stored(target, record);
        };
    }

    @Override
    public void beforeDelete(RepositoryName repository, String reference) {
        if (PackRepository.of(repository).isPresent() && PackTrains.isTrainTag(reference)) {
            throw new OciException(ErrorCode.UNSUPPORTED, 400, "tag " + reference + " is a train tag the registry "
                    + "maintains; delete the versions it points at instead and it moves or goes by itself");
        }
    }

    @Override
    public void afterDelete(RepositoryName repository, String reference) throws IOException {
        Optional<PackRepository> packRepository = PackRepository.of(repository);
        if (packRepository.isEmpty()) {
            return;
        }
        ReentrantLock lock = lock(repository);
        lock.lock();
        try {
            // A version is gone once its tag no longer names the manifest it was pushed as.
            for (PackVersionRecord record : records.read(repository)) {
                Optional<Digest> tagged = manifests.resolveTag(repository, record.version());
                if (tagged.isEmpty() || !tagged.get().toString().equals(record.digest())) {
                    records.delete(repository, record.version());
                }
            }
            retrain(repository);
        } finally {
            lock.unlock();
        }
    }

    private void stored(PackRepository repository, PackVersionRecord record) throws IOException {
        ReentrantLock lock = lock(repository.repository());
        lock.lock();
        try {
            records.write(record);
            retrain(repository.repository());
        } finally {
            lock.unlock();
        }
    }

    /** Points every train tag at the newest released version of its train and drops trains left empty. */
    private void retrain(RepositoryName repository) throws IOException {
        Map<String, PackVersionRecord> trains = catalog.refresh(repository).map(PackCatalog.PackEntry::trains)
                .orElse(Map.of());
        Set<String> existing = new HashSet<>();
        for (String tag : manifests.tags(repository).orElse(List.of())) {
            if (PackTrains.isTrainTag(tag)) {
                existing.add(tag);
            }
        }
        for (Map.Entry<String, PackVersionRecord> train : trains.entrySet()) {
            Digest target = ((Digest.Valid) Digest.parse(train.getValue().digest())).digest();
            if (!manifests.resolveTag(repository, train.getKey()).equals(Optional.of(target))) {
                manifests.tag(repository, train.getKey(), target);
            }
            existing.remove(train.getKey());
        }
        for (String stale : existing) {
            manifests.deleteTag(repository, stale);
        }
    }

    private static boolean isPack(Manifest manifest) {
        if (manifest.artifactType().filter(PackMediaTypes.ARTIFACT::equals).isPresent()
                || manifest.config().filter(c -> c.mediaType().equals(PackMediaTypes.CONFIG)).isPresent()) {
            return true;
        }
        return manifest.subject().isEmpty() && manifest.manifests().isEmpty() && manifest.layers().size() == 1
                && isTarball(manifest.layers().get(0));
    }

    private static boolean isTarball(Descriptor layer) {
        String title = layer.annotations().getOrDefault(PackMediaTypes.TITLE, "");
        return title.endsWith(".tar.gz") || title.endsWith(".tgz") || layer.mediaType().equals(PackMediaTypes.LAYER);
    }

    private static Descriptor packLayer(Manifest manifest) {
        List<Descriptor> tarballs = manifest.layers().stream().filter(PackGuard::isTarball).toList();
        if (tarballs.size() != 1) {
            throw invalid("a pack artifact has exactly one layer: the pack folder as a .tar.gz (media type "
                    + PackMediaTypes.LAYER + ", or any type with a title annotation ending in .tar.gz); this one has "
                    + tarballs.size());
        }
        return tarballs.get(0);
    }

    private Pack readPack(Descriptor layer) throws IOException {
        PackLoad load;
        try (InputStream in = blobs.open(layer.digest(), 0)) {
            load = validator.load(PackArchive.read(in, maxExpandedBytes));
        } catch (UnsafeArchiveException e) {
            throw invalid("the pack tarball was refused: " + e.getMessage());
        }
        if (load.pack().isEmpty()) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, 400, "the pack is invalid: "
                    + load.report().errors().size() + " error(s): " + load.report().format().strip().replace('\n', ';'),
                    Map.of("problems", load.report().problems()));
        }
        return load.pack().get();
    }

    /** Packyard's config blob is the pack's pack.json; it must say what the tarball's pack.json says. */
    private void checkConfig(Manifest manifest, Pack pack) throws IOException {
        Optional<Descriptor> config = manifest.config().filter(c -> c.mediaType().equals(PackMediaTypes.CONFIG));
        if (config.isEmpty()) {
            return;
        }
        JsonNode declared;
        try {
            declared = json.readTree(blobs.content(config.get().digest()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the config blob (" + PackMediaTypes.CONFIG + ") is not JSON; it must be the pack's pack.json");
        }
        JsonNode inTarball = json.readTree(pack.files().file("pack.json").orElseThrow());
        if (!declared.equals(inTarball)) {
            throw invalid("the config blob differs from the pack.json inside the pack tarball; push the pack's own "
                    + "pack.json as the config");
        }
    }

    private PackVersionRecord record(PackRepository repository, Digest digest, Descriptor layer, Pack pack)
            throws IOException {
        PackMetadata m = pack.metadata();
        return new PackVersionRecord(repository.repository().value(), m.name(), m.version(), m.displayName(),
                m.layer().id(), m.addonType().orElse(null), m.addonSubType().orElse(null), m.cloudTypes(),
                m.group().orElse(null), m.annotations(), m.state().id(), m.fips(), m.source().orElse(null),
                digest.toString(), layer.digest().toString(), layer.size(), Instant.now().toString(),
                json.readTree(pack.files().file("pack.json").orElseThrow()));
    }

    private ReentrantLock lock(RepositoryName repository) {
        return locks[Math.floorMod(repository.value().hashCode(), locks.length)];
    }

    private static OciException invalid(String message) {
        return new OciException(ErrorCode.MANIFEST_INVALID, message);
    }
}
