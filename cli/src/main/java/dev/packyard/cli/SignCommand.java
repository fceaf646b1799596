package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code packyard sign REF}: the registry signs a manifest with its key, as cosign would ({@code POST /v1/signatures}). */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Have the registry sign a pack version (or any manifest) with its own key.",
                "The signature is stored as cosign stores one (tag sha256-<hex>.sig, and an OCI referrer), so "
                        + "cosign verify --key <the registry's cosign.pub> checks it; packyard verify does too."})
public final class SignCommand implements Callable<Integer> {

    static final String PATH = "/v1/signatures";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "REF", description = "NAME:VERSION of a pack, or REPOSITORY:TAG or REPOSITORY@DIGEST.")
    String reference;

    @Override
    public Integer call() throws Exception {
        ManifestTarget target = ManifestTarget.parse(reference);
        PrintWriter out = spec.commandLine().getOut();
        try (RegistryClient client = registry.client(root.environment())) {
            byte[] body = JSON.writeValueAsBytes(Map.of("reference", target.reference()));
            RegistryClient.Response response = SigningApiCall.call("sign", target, client, "POST", PATH, body,
                    Map.of("Content-Type", "application/json"), spec.commandLine().getErr(), root.environment(),
                    Set.of(200, 201));
            JsonNode answer = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
            out.println((response.status() == 201 ? "signed " : "already signed by the registry's key: ")
                    + target.reference() + " (" + answer.path("digest").asText() + ")");
            out.println("signature " + answer.path("signature").asText() + ", tag " + answer.path("tag").asText());
            out.flush();
            return 0;
        }
    }
}
