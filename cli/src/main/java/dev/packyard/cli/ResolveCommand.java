package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code packyard resolve PROFILE [--update LOCK] [--output lock.yaml]}: asks the registry, which holds the catalog,
 * to resolve a profile into a lock, and writes the lock (YAML when the output file ends in .yaml/.yml, else JSON).
 */
@Command(name = "resolve", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Resolve a cluster profile into a lock against the registry's packs.",
                "With --update, only what the profile's references allow moves, and each change is reported."})
public final class ResolveCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile (YAML or JSON, or Palette's export JSON).")
    Path profile;

    @Option(names = {"-u", "--update"}, paramLabel = "LOCK", description = "A previous lock to update.")
    Path update;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the lock here (YAML for .yaml/.yml, else JSON); default: standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String document = read(profile, "profile");
        boolean yaml = output != null && output.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.ya?ml");
        try (RegistryClient client = registry.client(root.environment())) {
            byte[] body;
            String path = "/v1/profiles/resolve" + (yaml && update == null ? "?format=yaml" : "");
            if (update != null) {
                ObjectNode envelope = JSON.createObjectNode();
                envelope.put("profile", document);
                envelope.put("lock", read(update, "lock"));
                body = JSON.writeValueAsBytes(envelope);
            } else {
                body = document.getBytes(StandardCharsets.UTF_8);
            }
            RegistryClient.Response response;
            try {
                response = client.send("POST", path, body, Map.of("Content-Type", "application/octet-stream"));
            } catch (IOException e) {
                throw new CliException("cannot resolve: " + Failures.describe(e, client.target(), client.authenticated()));
            }
            if (response.status() == 422 || response.status() == 400) {
                err.println("the profile can't be resolved:");
                JSON.readTree(response.body()).path("errors").forEach(e -> err.println("  " + e.path("message").asText()));
                err.flush();
                return 1;
            }
            if (!response.ok()) {
                throw new CliException("the registry answered " + response.status() + " to the resolve request: "
                        + response.bodyText());
            }
            String lock = response.bodyText();
            if (update != null) {
                JsonNode result = JSON.readTree(response.body());
                result.path("changes").forEach(change -> err.println(change.path("message").asText()));
                if (result.path("changes").isEmpty()) {
                    err.println("no changes");
                }
                lock = yaml ? new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(result.path("lock"))
                        : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.path("lock")) + "\n";
            }
            if (output == null) {
                out.print(lock);
                out.flush();
            } else {
                Files.writeString(output, lock, StandardCharsets.UTF_8);
                err.println("wrote " + output);
            }
            err.flush();
            return 0;
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such " + what + " file");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read the " + what + ": " + e.getMessage());
        }
    }
}
