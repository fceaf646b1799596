package dev.packyard.registry;

import dev.packyard.registry.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An abandoned upload session expires after the configured idle time, and its bytes leave the disk. */
class UploadExpiryTest {

    @TempDir
    Path data;

    @Test
    void abandonedSessionsExpire() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withPort(0).withDataDir(data)
                .withUploadExpiry(Duration.ofSeconds(1), Duration.ofMillis(200));
        try (PackyardServer server = PackyardServer.start(settings.withPacks(settings.maxPackBytes(), false))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpResponse<Void> started = http.send(HttpRequest.newBuilder(base.resolve("/v2/team/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, started.statusCode());
            URI session = base.resolve(started.headers().firstValue("Location").orElseThrow());
            HttpResponse<Void> patched = http.send(HttpRequest.newBuilder(session)
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(202, patched.statusCode());
            assertEquals("0-4095", patched.headers().firstValue("Range").orElseThrow());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            do {
                Thread.sleep(200);
                status = http.send(HttpRequest.newBuilder(session).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } while (status == 204 && System.nanoTime() < deadline);
            assertEquals(404, status, "the idle session should have expired");
            try (Stream<Path> left = Files.list(data.resolve("_uploads"))) {
                assertTrue(left.findAny().isEmpty(), "an expired session's bytes are removed");
            }
        }
    }
}
