package dev.packyard.registry.packs;

import dev.packyard.registry.oci.RepositoryName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PackRepositoryTest {

    private static Optional<PackRepository> of(String name) {
        return PackRepository.of(new RepositoryName(name));
    }

    @Test
    void recognisesPaletteLayoutWithAndWithoutBase() {
        assertEquals(Optional.of(new PackRepository(new RepositoryName("spectro-packs/archive/cilium"), "", "cilium")),
                of("spectro-packs/archive/cilium"));
        assertEquals(Optional.of(new PackRepository(new RepositoryName("prod/team/spectro-packs/archive/cilium"),
                "prod/team", "cilium")), of("prod/team/spectro-packs/archive/cilium"));
        assertEquals(PackRepository.named("prod", "kubernetes").repository().value(), "prod/spectro-packs/archive/kubernetes");
    }

    @Test
    void ignoresOtherRepositories() {
        assertEquals(Optional.empty(), of("spectro-packs/archive"));
        assertEquals(Optional.empty(), of("spectro-packs/archive/a/b"));
        assertEquals(Optional.empty(), of("library/ubuntu"));
        assertEquals(Optional.empty(), of("xspectro-packs/archive/a"));
    }
}
