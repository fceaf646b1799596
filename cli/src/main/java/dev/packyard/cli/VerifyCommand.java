package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code packyard verify REF}: whether a key the registry trusts signed a manifest ({@code GET /v1/signatures}). Exit
 * 0 when one did, 1 when none did, so a pipeline can gate on it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Check that a trusted key signed a pack version (or any manifest).",
                "Lists the cosign signatures found and which trusted key verified each, or why none did. The "
                        + "trusted keys are those of the registry's trust policy for the repository, else its own key."
                        + " Exit 0 when verified, 1 when not."})
public final class VerifyCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "REF", description = "NAME:VERSION of a pack, or REPOSITORY:TAG or REPOSITORY@DIGEST.")
    String reference;

    @Option(names = "--json", description = "Print the registry's JSON answer as it is.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ManifestTarget target = ManifestTarget.parse(reference);
        PrintWriter out = spec.commandLine().getOut();
        try (RegistryClient client = registry.client(root.environment())) {
            String path = SignCommand.PATH + "?reference="
                    + URLEncoder.encode(target.reference(), StandardCharsets.UTF_8);
            RegistryClient.Response response = SigningApiCall.call("verify", target, client, "GET", path, null,
                    Map.of("Accept", "application/json"), spec.commandLine().getErr(), root.environment(), Set.of(200));
            JsonNode answer = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
            if (json) {
                out.println(answer.toString());
            } else {
                format(target, answer).forEach(out::println);
            }
            out.flush();
            return answer.path("verified").asBoolean() ? 0 : 1;
        }
    }

    static List<String> format(ManifestTarget target, JsonNode answer) {
        List<String> lines = new ArrayList<>();
        String manifest = target.reference() + " (" + answer.path("digest").asText() + ")";
        List<String> keys = new ArrayList<>();
        answer.path("verifiedBy").forEach(key -> keys.add(key.asText()));
        if (answer.path("verified").asBoolean()) {
            lines.add("verified: " + manifest + " is signed by " + String.join(", ", keys));
        } else if (!answer.path("signed").asBoolean()) {
            lines.add("NOT verified: " + manifest + " is not signed");
        } else {
            lines.add("NOT verified: no signature of " + manifest + " verifies with a trusted key");
        }
        JsonNode policy = answer.path("policy");
        if (policy.isObject()) {
            String prefix = policy.path("prefix").asText();
            lines.add("trust policy: '" + (prefix.isEmpty() ? "*" : prefix) + "' (" + policy.path("mode").asText() + ")");
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode signature : answer.path("signatures")) {
            rows.add(List.of(Table.clean(signature.path("signature").asText()),
                    signature.path("verifiedBy").isTextual() ? "verified by " + signature.path("verifiedBy").asText()
                            : Table.clean(signature.path("problem").asText())));
        }
        if (!rows.isEmpty()) {
            lines.add("");
            lines.addAll(Table.render(List.of("SIGNATURE", "RESULT"), rows));
        }
        return lines;
    }
}
