package dev.packyard.registry.packs;

import dev.packyard.registry.oci.RepositoryName;

import java.util.Optional;

/**
 * A repository that holds one pack's versions: {@code [<base>/]spectro-packs/archive/<name>}, the layout Palette
 * expects of an OCI pack registry ({@code base} is Palette's "base content path", often empty).
 */
public record PackRepository(RepositoryName repository, String base, String name) {

    static final String ARCHIVE = "spectro-packs/archive/";

    /** The pack repository this OCI repository is, if it is one. */
    public static Optional<PackRepository> of(RepositoryName repository) {
        String value = repository.value();
        String base;
        String rest;
        if (value.startsWith(ARCHIVE)) {
            base = "";
            rest = value.substring(ARCHIVE.length());
        } else {
            int at = value.lastIndexOf("/" + ARCHIVE);
            if (at < 0) {
                return Optional.empty();
            }
            base = value.substring(0, at);
            rest = value.substring(at + 1 + ARCHIVE.length());
        }
        if (rest.isEmpty() || rest.contains("/")) {
            return Optional.empty();
        }
        return Optional.of(new PackRepository(repository, base, rest));
    }

    /** The repository for pack {@code name} under {@code base}. */
    public static PackRepository named(String base, String name) {
        RepositoryName repository = new RepositoryName((base.isEmpty() ? "" : base + "/") + ARCHIVE + name);
        return new PackRepository(repository, base, name);
    }
}
