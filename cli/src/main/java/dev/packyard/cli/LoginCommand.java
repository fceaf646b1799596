package dev.packyard.cli;

import dev.packyard.cli.RegistryClient.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packyard login}: checks the registry answers and stores credentials for it. */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Check the registry and store credentials for it.",
                "Credentials go to ~/.packyard/config.json (mode 0600) once GET /v2/ answers with them; "
                        + "other commands then send them (HTTP Basic) with every request to that registry."})
public final class LoginCommand implements Callable<Integer> {

    /** Stdin larger than this is not a password. */
    private static final int MAX_PASSWORD_BYTES = 64 * 1024;

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Option(names = {"-u", "--username"}, paramLabel = "U", description = "User name (asked for at a terminal when omitted).")
    String username;

    @Option(names = "--password-stdin", description = {"Read the password from standard input, e.g.",
            "printf %%s \"$PW\" | packyard login -u me --password-stdin"})
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        CliEnvironment environment = root.environment();
        PrintWriter out = spec.commandLine().getOut();
        RegistryTarget target = registry.target(environment.env());
        Credentials credentials = credentials(environment);
        CredentialStore store = CredentialStore.inHome(environment.home());

        boolean asksForCredentials;
        try (RegistryClient client = new RegistryClient(target, Optional.of(credentials))) {
            Response anonymous = client.send("GET", "/v2/", null, Map.of(), Optional.empty());
            if (anonymous.status() == 200) {
                asksForCredentials = false;
            } else if (anonymous.status() == 401) {
                asksForCredentials = true;
                Response authenticated = client.send("GET", "/v2/", null, Map.of());
                if (authenticated.status() == 401) {
                    String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElse("");
                    throw new CliException(challenge.regionMatches(true, 0, "Bearer", 0, 6)
                            ? "login failed: " + target.display() + " asks for token authentication (" + challenge
                                    + "), which packyard login does not support yet"
                            : "login failed: " + target.display() + " refused the user name or password; nothing was stored");
                }
                if (authenticated.status() != 200) {
                    throw new CliException("login failed: " + Failures.status(authenticated.status(), target, true,
                            "GET /v2/ with the credentials failed", ServerErrors.parse(authenticated.body()).summary()));
                }
            } else {
                throw new CliException("login failed: GET " + target.display() + "/v2/ answered HTTP " + anonymous.status()
                        + "; is " + target.display() + " an OCI registry?");
            }
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            Failures.trace(e, spec.commandLine().getErr(), environment);
            throw new CliException("login failed: " + Failures.describe(e, target, true));
        }

        store.save(target.display(), credentials);
        out.println("Login succeeded: credentials of " + credentials.username() + " for " + target.display()
                + " stored in " + store.file());
        if (!asksForCredentials) {
            out.println("Note: " + target.display() + " does not ask for credentials yet (GET /v2/ answers 200 without"
                    + " them), so they were not checked; packyard sends them with every request anyway.");
        }
        out.flush();
        return 0;
    }

    private Credentials credentials(CliEnvironment environment) throws IOException {
        String user = username;
        if (user == null) {
            if (passwordStdin || environment.prompter().isEmpty()) {
                throw new CliException("give the user name with --username", 2);
            }
            user = environment.prompter().get().readLine("Username: ");
        }
        String password;
        if (passwordStdin) {
            byte[] bytes = environment.stdin().readNBytes(MAX_PASSWORD_BYTES + 1);
            if (bytes.length > MAX_PASSWORD_BYTES) {
                throw new CliException("standard input holds more than " + MAX_PASSWORD_BYTES + " bytes: not a password", 2);
            }
            password = stripLineEnd(new String(bytes, StandardCharsets.UTF_8));
        } else if (environment.prompter().isPresent()) {
            char[] typed = environment.prompter().get().readPassword("Password: ");
            password = typed == null ? "" : new String(typed);
        } else {
            throw new CliException("no terminal to ask for the password; pipe it in with --password-stdin", 2);
        }
        if (user == null || user.isBlank()) {
            throw new CliException("the user name is empty", 2);
        }
        if (password.isEmpty()) {
            throw new CliException("the password is empty", 2);
        }
        try {
            return new Credentials(user.strip(), password);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad user name: " + e.getMessage(), 2);
        }
    }

    /** The password as piped in: without the line end {@code echo} adds. */
    static String stripLineEnd(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }
}
