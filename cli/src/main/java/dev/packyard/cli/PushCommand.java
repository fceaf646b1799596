package dev.packyard.cli;

import dev.packyard.cli.PackManifest.Blob;
import dev.packyard.cli.RegistryClient.Response;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packyard push}: validate packs locally, then push each as an OCI artifact. */
@Command(name = "push", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Validate packs and push them to the registry.",
                "Each pack is checked with the registry's own rules first, and not pushed if it has an error. "
                        + "It goes to <registry>/spectro-packs/archive/<name> with its version as tag.",
                "Prints one line per pack, 'pushed NAME VERSION DIGEST' or 'failed NAME VERSION: REASON', "
                        + "and exits 1 if any failed."})
public final class PushCommand implements Callable<Integer> {

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(arity = "1..*", paramLabel = "DIR|TGZ", description = "Pack folders or pack archives (.tar.gz / .tgz).")
    List<Path> sources;

    /** The result of one pack: its line, and whether it was pushed. */
    record Outcome(boolean pushed, String line) {
        static Outcome pushed(String label, String digest) {
            return new Outcome(true, "pushed " + label + " " + digest);
        }

        static Outcome failed(String label, String reason) {
            return new Outcome(false, "failed " + label + ": " + reason);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliEnvironment environment = root.environment();
        Progress progress = new Progress(err, environment.stderrIsTerminal());
        int failed = 0;
        try (RegistryClient client = registry.client(environment)) {
            for (Path source : sources) {
                Outcome outcome = push(client, source, progress, err, environment);
                out.println(outcome.line());
                out.flush();
                if (!outcome.pushed()) {
                    failed++;
                }
            }
        }
        if (sources.size() > 1 && failed > 0) {
            err.println("packyard: " + failed + " of " + sources.size() + " packs failed");
            err.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    static Outcome push(RegistryClient client, Path source, Progress progress, PrintWriter err,
                        CliEnvironment environment) {
        String label = source.toString();
        try {
            PackFiles files = PackSource.read(source);
            PackCheck check = PackCheck.of(files);
            if (check.identity().isPresent()) {
                label = check.identity().get().label();
            }
            if (!check.report().problems().isEmpty()) {
                err.println((label.equals(source.toString()) ? label : label + " (" + source + ")") + ": " + check.counts());
                check.print(err, "  ");
            }
            if (!check.valid()) {
                return Outcome.failed(label, "the pack has " + PackCheck.plural(check.report().errors().size(), "error")
                        + " (listed above); fix them and push again (`packyard validate " + source + "` checks)");
            }
            PackCheck.Identity pack = check.identity().get();
            if (!PackRef.validName(pack.name())) {
                return Outcome.failed(label, "pack.json name '" + pack.name() + "' cannot be a registry repository name"
                        + " (lowercase letters and digits, separated by '-', '.' or '_')");
            }
            if (!PackRef.validVersion(pack.version())) {
                return Outcome.failed(label, "pack.json version '" + pack.version() + "' cannot be a registry tag"
                        + " (letters, digits, '.', '_', '-'; at most 128)");
            }
            return Outcome.pushed(label, upload(client, files, pack, progress, err));
        } catch (PushRefused refused) {
            err.println(label + ": the registry found " + PackCheck.plural(refused.errors().problems().size(), "problem") + ":");
            refused.errors().problems().forEach(p -> err.println("  " + p.format()));
            err.flush();
            return Outcome.failed(label, refused.getMessage());
        } catch (CliException e) {
            return Outcome.failed(label, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(label, "interrupted");
        } catch (Exception e) {
            Failures.trace(e, err, environment);
            return Outcome.failed(label, Failures.describe(e, client.target(), client.authenticated()));
        }
    }

    /** Pushes config, layer and manifest; returns the manifest's digest. */
    static String upload(RegistryClient client, PackFiles files, PackCheck.Identity pack, Progress progress,
                         PrintWriter err) throws Exception {
        byte[] packJson = files.file("pack.json")
                .orElseThrow(() -> new CliException("the pack has no pack.json"));
        byte[] archive = PackArchive.create(files, pack.name() + "-" + pack.version());
        Blob config = PackManifest.config(packJson);
        Blob layer = PackManifest.layer(pack.name(), pack.version(), PackManifest.sha256(archive), archive.length);

        client.pushBlob(pack.name(), packJson);
        Progress.Transfer transfer = progress.start("uploaded", layer.title().orElseThrow(), archive.length);
        try {
            client.pushBlob(pack.name(), layer.digest(), layer.size(), () -> {
                transfer.restart();
                return transfer.wrap(new ByteArrayInputStream(archive));
            }, layer.annotations());
            transfer.done();
        } catch (RuntimeException e) {
            transfer.abandon();
            throw e;
        }

        byte[] manifest = PackManifest.manifest(config, layer);
        String digest = PackManifest.sha256(manifest);
        Response response = client.putManifest(pack.name(), pack.version(), manifest);
        if (!response.ok()) {
            ServerErrors errors = ServerErrors.parse(response.body());
            if (response.status() == 400 && !errors.isEmpty()) {
                throw new PushRefused(refusal(errors), errors);
            }
            String detail = errors.isEmpty() ? "" : errors.summary();
            throw new CliException(Failures.status(response.status(), client.target(), client.authenticated(),
                    "the registry refused the manifest", detail));
        }
        String stored = response.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!stored.equals(digest)) {
            err.println("warning: the registry reports digest " + stored + " for a manifest whose bytes hash to " + digest);
            err.flush();
        }
        return stored;
    }

    /** The failure reason for a pack the registry refused with a 400. */
    static String refusal(ServerErrors errors) {
        int problems = errors.problems().size();
        if (problems == 0) {
            return "the registry refused the pack: " + errors.summary();
        }
        String summary = errors.summary();
        return "the registry refused the pack" + (summary.isEmpty() ? "" : " (" + summary + ")") + ": "
                + PackCheck.plural(problems, "problem") + ", listed above";
    }

    /** The registry refused the manifest with problems to list. */
    static final class PushRefused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ServerErrors errors;

        PushRefused(String message, ServerErrors errors) {
            super(message, null, false, false);
            this.errors = errors;
        }

        ServerErrors errors() {
            return errors;
        }
    }
}
