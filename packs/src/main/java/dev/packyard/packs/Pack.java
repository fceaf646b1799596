package dev.packyard.packs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid pack, read: only {@link PackValidator#load} makes these from files, after validation found no error.
 *
 * @param readme README.md, when present
 * @param logo   logo.png bytes, when present (copied out on each call)
 * @param files  every file of the pack, as given
 */
public record Pack(PackMetadata metadata, PackValues values, List<Preset> presets, List<ValueSchema> schema,
        Optional<String> readme, Optional<byte[]> logo, PackFiles files) {

    public Pack {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(values, "values");
        presets = List.copyOf(presets);
        schema = List.copyOf(schema);
        Objects.requireNonNull(readme, "readme");
        logo = logo.map(byte[]::clone);
        Objects.requireNonNull(files, "files");
    }

    @Override
    public Optional<byte[]> logo() {
        return logo.map(byte[]::clone);
    }

    /** {@code name-version}, the conventional folder and archive base name (e.g. {@code argo-cd-3.26.7}). */
    public String folderName() {
        return metadata.name() + "-" + metadata.version();
    }
}
