package dev.packyard.e2e;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Packyard server, started as its own JVM on a free loopback port.
 *
 * <p>Runs {@code java -jar registry/target/packyard-registry.jar serve ...} with the JVM that runs the tests,
 * waits until {@code GET /health} answers 200, and writes the server's output to {@code server.log} in the
 * data directory's parent so a failing test can be diagnosed.
 */
public final class RegistryProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final List<String> extraArgs;
    /** For a server started with {@code --tls-cert}: a client context that trusts its certificate. */
    private final Optional<SSLContext> tls;
    private Process process;

    private RegistryProcess(Path dataDir, int port, List<String> extraArgs, Optional<SSLContext> tls) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
    }

    /** Starts a server on a free port, storing its data under {@code dataDir}. */
    public static RegistryProcess start(Path dataDir, String... extraArgs) {
        RegistryProcess server = new RegistryProcess(dataDir, freePort(), List.of(extraArgs), Optional.empty());
        server.launch();
        return server;
    }

    /** Starts a server that speaks HTTPS ({@code extraArgs} give its certificate); {@code trust} trusts it. */
    public static RegistryProcess startHttps(Path dataDir, SSLContext trust, String... extraArgs) {
        RegistryProcess server = new RegistryProcess(dataDir, freePort(), List.of(extraArgs), Optional.of(trust));
        server.launch();
        return server;
    }

    /** Kills the server with SIGKILL (no shutdown hooks run) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Starts the server again on the same port and data directory. */
    public void restart() {
        if (process.isAlive()) {
            close();
        }
        launch();
    }

    public URI baseUri() {
        return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
    }

    /** {@code 127.0.0.1:PORT}, the form skopeo and oras take in references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        awaitExit();
    }

    private void launch() {
        String jar = System.getProperty("packyard.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("packyard.server.jar does not name the packaged server (" + jar
                    + "); run the tests through Maven from the project root so the registry module is packaged first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar, "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dataDir.toString()));
        command.addAll(extraArgs);
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        tls.ifPresent(builder::sslContext);
        HttpClient client = builder.build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not become healthy within " + STARTUP_TIMEOUT + "; see " + log);
    }

    private void awaitExit() {
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
