package dev.packyard.e2e.packs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged {@code packyard} command line client, run as its own process:
 * {@code java -jar cli/target/packyard-cli.jar ARGS --registry URL}, with the JVM that runs the tests, a home folder
 * of its own (so no credentials or settings of the machine leak in), and a timeout. Standard output and error are
 * captured to files, so a chatty process can never block on a full pipe. The JVM gets the flags a short-lived
 * command line tool is usually started with (C1 only, serial GC), which change its start-up time, not its behaviour.
 */
final class CliProcess {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path home;
    private final String registry;

    /**
     * @param home     the process's home folder ({@code HOME} and {@code user.home}); created if missing
     * @param registry the registry every registry command talks to, given as {@code --registry}
     */
    CliProcess(Path home, URI registry) {
        this.home = home;
        this.registry = registry.toString();
    }

    /** What one run printed and how it ended. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        List<String> stdoutLines() {
            return stdout.lines().filter(line -> !line.isBlank()).toList();
        }

        /** Standard output and error together, for checks that do not care which stream a message went to. */
        String output() {
            return stdout + "\n" + stderr;
        }

        @Override
        public String toString() {
            return "$ " + String.join(" ", command) + "\nexit " + exitCode
                    + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr + "---";
        }
    }

    /** The CLI jar named by the {@code packyard.cli.jar} system property (set by the e2e module's pom). */
    static Path jar() {
        String jar = System.getProperty("packyard.cli.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("packyard.cli.jar does not name the packaged CLI (" + jar
                    + "); run the tests through Maven from the project root so the cli module is packaged first");
        }
        return Path.of(jar).toAbsolutePath().normalize();
    }

    /** Runs a registry command ({@code push}, {@code pull}, {@code ls}) against this client's registry. */
    Result run(String... args) {
        return run(home, withRegistry(registry, args));
    }

    /** Runs a registry command against another registry URL. */
    Result runAgainst(String otherRegistry, String... args) {
        return run(home, withRegistry(otherRegistry, args));
    }

    /** Runs a command that takes no {@code --registry} ({@code validate}, {@code --help}). */
    Result runLocal(String... args) {
        return run(home, List.of(args));
    }

    /** Runs with {@code workDir} as the process's working folder. */
    Result runIn(Path workDir, String... args) {
        return run(workDir, withRegistry(registry, args));
    }

    private static List<String> withRegistry(String registry, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--registry");
        all.add(registry);
        return all;
    }

    private Result run(Path workDir, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only and the serial collector: a short-lived CLI starts faster on a small machine; nothing else changes
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Duser.home=" + home, "-jar", jar().toString()));
        command.addAll(args);
        int run = RUNS.incrementAndGet();
        try {
            Files.createDirectories(home);
            Path outputs = Files.createDirectories(home.resolve(".cli-runs"));
            Path stdout = outputs.resolve(run + "-stdout.txt");
            Path stderr = outputs.resolve(run + "-stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("PACKYARD_"));
            env.put("HOME", home.toString());
            env.put("TERM", "dumb");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
                fail("the CLI did not finish within " + TIMEOUT + ": " + new Result(command, -1,
                        Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8)));
            }
            return new Result(command, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
