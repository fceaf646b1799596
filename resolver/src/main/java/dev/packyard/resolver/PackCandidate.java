package dev.packyard.resolver;

import dev.packyard.packs.Pack;
import dev.packyard.packs.PackState;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a pack that a {@link PackSource} offers.
 *
 * @param pack       the pack, read and validated ({@link dev.packyard.packs.PackValidator#load}): metadata with its
 *                   constraints, values, presets and value schema
 * @param digest     the digest the lock pins, normally the OCI manifest digest ({@code sha256:...})
 * @param registry   the registry it comes from, matched against a layer's {@code registry}; empty when the source has
 *                   only one
 * @param repository its repository in that registry, e.g. {@code spectro-packs/archive/cert-manager}
 * @param state      where it is in the deprecation lifecycle; the registry may know better than the pack's annotations
 */
public record PackCandidate(Pack pack, String digest, Optional<String> registry, Optional<String> repository,
        PackState state) {

    public PackCandidate {
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(state, "state");
    }

    /** A candidate whose state is what the pack's annotations say, from no particular registry. */
    public static PackCandidate of(Pack pack, String digest) {
        return new PackCandidate(pack, digest, Optional.empty(), Optional.empty(), pack.metadata().state());
    }

    /** A candidate whose state is what the pack's annotations say. */
    public static PackCandidate of(Pack pack, String digest, String registry, String repository) {
        return new PackCandidate(pack, digest, Optional.of(registry), Optional.of(repository), pack.metadata().state());
    }

    /** The pack's name. */
    public String name() {
        return pack.metadata().name();
    }
}
