package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.cli.Failures.HttpStatusException;
import dev.packyard.cli.PackManifest.Blob;
import dev.packyard.packs.PackArchive;
import dev.packyard.packs.PackFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import land.oras.Manifest;
import land.oras.exception.OrasException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packyard pull}: a pack's files, from the registry into a folder. */
@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = PackyardCli.VersionProvider.class,
        description = {"Pull a pack and write its files into DIR.",
                "The pack comes from <registry>/spectro-packs/archive/<name>; without a version, the newest is pulled. "
                        + "Its archive is checked (digest, size, no path out of DIR, bounded expansion) before "
                        + "anything is written."})
public final class PullCommand implements Callable<Integer> {

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "REF",
            description = {"NAME, NAME:VERSION or NAME@DIGEST, e.g. cilium", "(newest), cilium:1.15.3, cilium@sha256:<hex>."})
    String reference;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder to write the pack's files into (created if missing).")
    Path dir;

    @Option(names = {"-f", "--force"}, description = "Write into DIR even if it is not empty (files of the same name are replaced).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PackRef ref = PackRef.parse(reference);
        checkTarget(dir, force);
        CliEnvironment environment = root.environment();
        Progress progress = new Progress(err, environment.stderrIsTerminal());
        try (RegistryClient client = registry.client(environment)) {
            try {
                out.println(pull(client, ref, dir, progress, err));
                out.flush();
                return 0;
            } catch (CliException e) {
                throw new CliException("cannot pull " + ref + ": " + e.getMessage(), e.exitCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            } catch (Exception e) {
                Failures.trace(e, err, environment);
                throw new CliException("cannot pull " + ref + ": "
                        + Failures.describe(e, client.target(), client.authenticated()));
            }
        }
    }

    /**
     * Refuses a target that is a file, or a folder with something in it unless {@code force}.
     *
     * @throws CliException saying what to do instead
     */
    static void checkTarget(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException(dir + " exists and is not a folder; give a folder to pull the pack into", 2);
        }
        if (Files.isDirectory(dir) && !force && !isEmpty(dir)) {
            throw new CliException(dir + " is not empty; pull into a new or empty folder, or add --force to write"
                    + " the pack's files into it (files of the same name are replaced, others are left)", 2);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new CliException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    /** Pulls and writes the pack; returns the result line. */
    static String pull(RegistryClient client, PackRef ref, Path dir, Progress progress, PrintWriter err)
            throws Exception {
        String name = ref.name();
        String reference = ref.reference().isPresent() ? ref.reference().get() : latest(client, name);
        String shown = ref.digest().isPresent() ? name + "@" + reference : name + ":" + reference;

        Manifest manifest;
        try {
            manifest = client.manifest(name, reference);
        } catch (OrasException e) {
            if (e.getStatusCode() == 404) {
                throw new CliException("no pack " + shown + " in " + client.target().display()
                        + " (`packyard ls --name " + name + "` lists its versions)");
            }
            throw e;
        }
        String manifestDigest = manifest.getDescriptor() == null ? null : manifest.getDescriptor().getDigest();
        List<Blob> layers = manifest.getLayers().stream()
                .map(l -> new Blob(String.valueOf(l.getMediaType()), l.getDigest(), l.getSize() == null ? -1 : l.getSize(),
                        l.getAnnotations() == null ? Map.of() : l.getAnnotations()))
                .toList();
        Blob layer = PackManifest.packLayer(layers, shown);
        if (layer.size() < 0 || layer.size() > PackArchive.DEFAULT_MAX_EXPANDED_BYTES) {
            throw new CliException("its archive layer declares " + layer.size() + " bytes; a pack archive is at most "
                    + Progress.formatBytes(PackArchive.DEFAULT_MAX_EXPANDED_BYTES));
        }

        PackFiles files;
        Path temp = Files.createTempFile("packyard-pull-", ".tar.gz");
        try {
            download(client, name, layer, temp, progress);
            try (InputStream in = Files.newInputStream(temp)) {
                files = PackSource.readArchive(in, "the archive of " + shown);
            }
        } finally {
            Files.deleteIfExists(temp);
        }

        PackCheck check = PackCheck.of(files);
        String label = check.identity().map(PackCheck.Identity::label).orElse(shown);
        if (!check.report().problems().isEmpty()) {
            err.println("note: " + label + " has " + check.counts() + ":");
            check.print(err, "  ");
        }
        if (check.identity().isPresent() && !check.identity().get().name().equals(name)) {
            err.println("warning: the pack stored at " + name + " calls itself '" + check.identity().get().name()
                    + "' in pack.json");
            err.flush();
        }
        write(files, dir);
        return "pulled " + label + " " + (manifestDigest == null ? layer.digest() : manifestDigest) + " into " + dir;
    }

    /** The newest version of a pack: the catalog's {@code latestVersion}, else the highest of its tags. */
    static String latest(RegistryClient client, String name) throws Exception {
        try {
            JsonNode pack = client.getJson("/v1/packs/" + name, "cannot look up pack " + name);
            String version = pack.path("latestVersion").asText("");
            if (PackRef.validVersion(version)) {
                return version;
            }
        } catch (HttpStatusException | CliException e) {
            // no catalog entry (or no catalog): the tags say which versions exist
        }
        List<String> tags;
        try {
            tags = client.tags(name);
        } catch (OrasException e) {
            if (e.getStatusCode() == 404) {
                throw new CliException("no pack named '" + name + "' in " + client.target().display()
                        + " (`packyard ls` lists the packs)");
            }
            throw e;
        }
        return Versions.newest(tags).orElseThrow(() -> new CliException("pack '" + name + "' has no versions in "
                + client.target().display()));
    }

    /** Downloads a blob into {@code file}, checking its size and digest as it comes. */
    static void download(RegistryClient client, String pack, Blob layer, Path file, Progress progress) throws Exception {
        MessageDigest digest = digestFor(layer.digest());
        Progress.Transfer transfer = progress.start("downloaded", layer.title().orElse(layer.digest()), layer.size());
        try (InputStream in = client.fetchBlob(pack, layer.digest()); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > layer.size()) {
                    throw new CliException("the registry sent more than the " + layer.size()
                            + " bytes the manifest declares for " + layer.digest());
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                transfer.advance(n);
            }
            if (total != layer.size()) {
                throw new CliException("the registry sent " + total + " bytes of " + layer.digest() + ", the manifest"
                        + " declares " + layer.size());
            }
            String actual = layer.digest().substring(0, layer.digest().indexOf(':') + 1)
                    + HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(layer.digest())) {
                throw new CliException("the archive's bytes hash to " + actual + ", not " + layer.digest()
                        + "; the registry's copy is damaged");
            }
            transfer.done();
        } catch (Exception e) {
            transfer.abandon();
            throw e;
        }
    }

    private static MessageDigest digestFor(String digest) throws NoSuchAlgorithmException {
        if (digest != null && digest.startsWith("sha256:")) {
            return MessageDigest.getInstance("SHA-256");
        }
        if (digest != null && digest.startsWith("sha512:")) {
            return MessageDigest.getInstance("SHA-512");
        }
        throw new CliException("the manifest names the archive by an unsupported digest '" + digest + "'");
    }

    /** Writes the pack's files straight into {@code dir}; a folder this creates is removed again if writing fails. */
    static void write(PackFiles files, Path dir) throws IOException {
        boolean created = !Files.exists(dir);
        try {
            files.writeTo(dir);
        } catch (IOException | RuntimeException e) {
            if (created) {
                deleteTree(dir);
            }
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the write already failed and is reported
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
