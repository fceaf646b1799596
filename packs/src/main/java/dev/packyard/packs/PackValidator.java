package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a pack's files against pack-central's rules (its JSON schema and CI scripts) plus what Packyard needs, and
 * reads a valid pack into a {@link Pack}. Every file is checked even when another is broken, so one run reports every
 * problem, each with file, field, rule and fix. Stateless and thread-safe.
 */
public final class PackValidator {

    static final String LOGO = "logo.png";
    static final String README = "README.md";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Every problem of the pack; {@link ValidationReport#valid()} when none is an error. */
    public ValidationReport validate(PackFiles files) {
        return load(files).report();
    }

    /** Validates and reads the pack; the pack is present only when the report has no error. */
    public PackLoad load(PackFiles files) {
        Problems problems = new Problems();
        PackJsonReader.Result packJson = PackJsonReader.read(files, problems);
        packJson.root().ifPresent(root -> ReferencedFiles.check(root, files, problems));
        Optional<PackValues> values = ValuesReader.read(files, layer(packJson), problems);
        Optional<List<Preset>> presets = PresetsReader.read(files, problems);
        List<String> enabled = values.map(PackValues::enabledPresets)
                .orElseGet(() -> files.text(ValuesReader.FILE).map(ValuesReader::enabledPresets).orElse(List.of()));
        PresetsReader.checkEnabled(enabled, presets, files.bytes(PresetsReader.FILE) != null, problems);
        Optional<List<ValueSchema>> schema = ValueSchemaReader.read(files, problems);
        Optional<byte[]> logo = Optional.ofNullable(files.bytes(LOGO));
        if (logo.isEmpty()) {
            problems.warning(LOGO, "", "file.missing", "is missing; the catalog shows a placeholder",
                    "add a PNG logo named logo.png (pack-central's CI requires one)");
        } else if (logo.get().length < PNG_SIGNATURE.length
                || !Arrays.equals(logo.get(), 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            problems.warning(LOGO, "", "logo.format", "is not a PNG image", "save the logo as PNG");
        }
        Optional<String> readme = Optional.ofNullable(files.bytes(README)).map(b -> new String(b, StandardCharsets.UTF_8));
        if (readme.isEmpty()) {
            problems.warning(README, "", "file.missing", "is missing; users see no description",
                    "add README.md describing the pack, its prerequisites and parameters (pack-central's CI requires one)");
        }
        ValidationReport report = problems.report();
        if (!report.valid()) {
            return new PackLoad(report, Optional.empty());
        }
        // No error means every reader produced its part.
        Pack pack = new Pack(packJson.metadata().orElseThrow(), values.orElseThrow(), presets.orElseThrow(),
                schema.orElseThrow(), readme, logo, files);
        return new PackLoad(report, Optional.of(pack));
    }

    private static Optional<Layer> layer(PackJsonReader.Result packJson) {
        return packJson.root().map(root -> root.get("layer")).filter(JsonNode::isTextual)
                .flatMap(layer -> Layer.byId(layer.asText()));
    }
}
