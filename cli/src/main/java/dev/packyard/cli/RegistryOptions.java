package dev.packyard.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --registry URL} and {@code --insecure}, shared by every command that talks to a registry. */
public final class RegistryOptions {

    @Option(names = "--registry", paramLabel = "URL",
            description = {"The registry: http://host:port (plain http)", "or https://host[:port] (TLS).",
                    "Default: $" + RegistryTarget.ENV_VAR + ", else", RegistryTarget.DEFAULT_URL + "."})
    String registry;

    @Option(names = "--insecure",
            description = {"Skip TLS certificate verification (https", "registries with self-signed certificates)."})
    boolean insecure;

    /** The registry to talk to. */
    public RegistryTarget target(Map<String, String> env) {
        return RegistryTarget.parse(RegistryTarget.chooseUrl(registry, env), insecure);
    }

    /** A client for the registry, with the credentials stored for it (if any). */
    public RegistryClient client(CliEnvironment environment) {
        RegistryTarget target = target(environment.env());
        Optional<Credentials> credentials = CredentialStore.inHome(environment.home()).find(target.display());
        return new RegistryClient(target, credentials);
    }
}
