package dev.packyard.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code packyard}: the command line for a Packyard pack registry. Runs in its own JVM (oras-java brings the
 * ordinary Bouncy Castle provider, which must never meet the server's bc-fips).
 */
@Command(name = "packyard",
        mixinStandardHelpOptions = true,
        versionProvider = PackyardCli.VersionProvider.class,
        description = "Push, pull, list, search and validate packs in a Packyard (Palette-style) pack registry, and resolve profiles.",
        subcommands = {PushCommand.class, PullCommand.class, LsCommand.class, SearchCommand.class, ValidateCommand.class, ResolveCommand.class,
                SignCommand.class, VerifyCommand.class, LoginCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
                "Registry: --registry URL, else $" + RegistryTarget.ENV_VAR + ", else " + RegistryTarget.DEFAULT_URL + ".",
                "Packs live at <registry>/" + RegistryTarget.PACK_NAMESPACE + "<name>:<version>.",
                "Credentials stored by `packyard login` (~/.packyard/config.json) go with",
                "every request to their registry. PACKYARD_DEBUG=1 prints stack traces."})
public final class PackyardCli implements Runnable {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    public PackyardCli(CliEnvironment environment) {
        this.environment = environment;
    }

    public CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(CliEnvironment.system(), args));
    }

    /** Runs the command line with stdout and stderr of the process. */
    public static int execute(CliEnvironment environment, String... args) {
        return commandLine(environment).execute(args);
    }

    /** The picocli command line, with packyard's handling of errors: a sentence, never a stack trace for user errors. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new PackyardCli(environment));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (exception instanceof CliException cli) {
                err.println("packyard: " + cli.getMessage());
                err.flush();
                return cli.exitCode();
            }
            err.println("packyard: unexpected error " + exception.getClass().getName() + ": " + exception.getMessage());
            if (debug(environment)) {
                exception.printStackTrace(err);
            } else {
                err.println("This is probably a bug in packyard; PACKYARD_DEBUG=1 prints the stack trace.");
            }
            err.flush();
            return 1;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine cmd = exception.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("packyard: " + exception.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the usage.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    static boolean debug(CliEnvironment environment) {
        String value = environment.env().get("PACKYARD_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** The version of this build, from the jar's manifest ({@code dev} when run from classes). */
    public static String version() {
        String version = PackyardCli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** {@code --version}. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"packyard " + version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
