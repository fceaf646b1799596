package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the system {@code openssl} (3.x) as an independent implementation to check ours against. */
final class OpenSsl {

    static final Path BINARY = Path.of("/usr/bin/openssl");
    /** Why a test fails without it: these tests check against openssl, and skipping them would prove nothing. */
    static final String MISSING = "needs " + BINARY + " (Debian package openssl; .ci/run installs it)";

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private OpenSsl() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Runs {@code openssl args...} in {@code dir}, feeding {@code stdin}; fails the test on a non-zero exit. */
    static Result ok(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        Result result = run(dir, stdin, args);
        assertEquals(0, result.exitCode(), () -> "openssl " + String.join(" ", args) + " failed: " + result.stderr());
        return result;
    }

    static Result run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish in 30 s");
        }
        return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
