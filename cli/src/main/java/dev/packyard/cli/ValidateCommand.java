package dev.packyard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packyard validate}: the server's validation, run locally. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Check a pack with the rules the registry applies on push.",
                "Prints one line per problem, then a summary; exits 1 when there is an error, "
                        + "0 otherwise (warnings do not count)."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR|TGZ", description = "A pack folder, or a pack archive (.tar.gz / .tgz).")
    Path source;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PackCheck check = PackCheck.of(PackSource.read(source));
        check.print(out, "");
        String label = check.identity().map(PackCheck.Identity::label).orElse(source.toString());
        if (check.report().valid()) {
            out.println(label + ": valid" + (check.report().warnings().isEmpty() ? ""
                    : " (" + PackCheck.plural(check.report().warnings().size(), "warning") + ")"));
        } else {
            out.println(label + ": invalid (" + check.counts() + ")");
        }
        out.flush();
        return check.report().valid() ? 0 : 1;
    }
}
