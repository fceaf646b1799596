package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.PackFiles;
import dev.packyard.packs.PackLoad;
import dev.packyard.packs.PackMetadata;
import dev.packyard.packs.PackValidator;
import dev.packyard.packs.ValidationReport;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A pack checked by the pack library's validator (the same one the server runs on push), with its name and version.
 *
 * @param report   every problem found
 * @param identity what pack.json says the pack is: from the loaded pack when it is valid, else read leniently from
 *                 pack.json (so even a refused pack is reported by name and version when they can be read)
 * @param loaded   whether the validator produced a pack (exactly when the report has no error)
 */
public record PackCheck(ValidationReport report, Optional<Identity> identity, boolean loaded) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What pack.json says the pack is. */
    public record Identity(String name, String version) {
        /** {@code name version}, as results are printed. */
        public String label() {
            return name + " " + version;
        }
    }

    /** Validates {@code files} and reads their identity. */
    public static PackCheck of(PackFiles files) {
        PackLoad load = new PackValidator().load(files);
        Optional<Identity> identity = load.pack()
                .map(pack -> {
                    PackMetadata metadata = pack.metadata();
                    return new Identity(metadata.name(), metadata.version());
                })
                .or(() -> lenientIdentity(files));
        return new PackCheck(load.report(), identity, load.pack().isPresent());
    }

    /** Name and version from pack.json when both are non-empty strings, whatever else is wrong with the pack. */
    static Optional<Identity> lenientIdentity(PackFiles files) {
        return files.file("pack.json").flatMap(bytes -> {
            try {
                JsonNode json = JSON.readTree(bytes);
                String name = json == null ? "" : json.path("name").asText("");
                String version = json == null ? "" : json.path("version").asText("");
                boolean usable = json != null && json.path("name").isTextual() && json.path("version").isTextual()
                        && !name.isBlank() && !version.isBlank();
                return usable ? Optional.of(new Identity(Table.clean(name.strip()), Table.clean(version.strip())))
                        : Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
    }

    /** True when the pack can be pushed: no error, and the validator produced the pack. */
    public boolean valid() {
        return report.valid() && loaded;
    }

    /** Prints every problem, one line each, with {@code indent} before it. */
    public void print(PrintWriter out, String indent) {
        report.problems().forEach(p -> out.println(indent + Table.clean(p.format())));
        out.flush();
    }

    /** {@code 2 errors, 1 warning}, {@code no problems}. */
    public String counts() {
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        if (errors == 0 && warnings == 0) {
            return "no problems";
        }
        return plural(errors, "error") + ", " + plural(warnings, "warning");
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
