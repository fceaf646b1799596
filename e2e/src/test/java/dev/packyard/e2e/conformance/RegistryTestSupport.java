package dev.packyard.e2e.conformance;

import dev.packyard.e2e.RegistryProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts one packaged Packyard server per test class, storing its data in {@code <temp>/data}, and stops it after
 * the class. One test instance serves the whole class so ordered tests can share state, as the Go suite's specs do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryTestSupport {

    /** The temporary root: holds the data directory and the server log, nothing else. */
    protected Path tempRoot;
    protected RegistryProcess server;
    protected OciClient oci;

    @BeforeAll
    final void startRegistry(@TempDir Path root) {
        tempRoot = root;
        server = RegistryProcess.start(root.resolve("data"), "--no-builtin-catalog");
        oci = new OciClient(server.baseUri());
    }

    @AfterAll
    final void stopRegistry() {
        if (server != null) {
            server.close();
        }
    }
}
