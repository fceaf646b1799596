package dev.packyard.e2e.conformance;

import dev.packyard.e2e.RegistryProcess;
import dev.packyard.e2e.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts one packaged Packyard server per test class, storing its data in {@code <temp>/data}, and stops it after
 * the class. One test instance serves the whole class so ordered tests can share state, as the Go suite's specs do.
 *
 * <p>With {@code -Dpackyard.e2e.transport=https-fips} (a second run of this package, see the e2e pom) the server
 * runs in FIPS mode behind HTTPS, so the whole suite also proves the registry over Bouncy Castle's FIPS TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryTestSupport {

    /** The temporary root: holds the data directory and the server log, nothing else. */
    protected Path tempRoot;
    protected RegistryProcess server;
    protected OciClient oci;

    @BeforeAll
    final void startRegistry(@TempDir Path root, @TempDir Path tlsFolder) {
        tempRoot = root;
        if ("https-fips".equals(System.getProperty("packyard.e2e.transport"))) {
            // Apart from the root, which some tests check holds nothing but the server's data and log.
            TestCertificates certificates = TestCertificates.create(tlsFolder);
            List<String> arguments = new ArrayList<>(List.of("--no-builtin-catalog", "--fips"));
            arguments.addAll(List.of(certificates.serverArguments()));
            server = RegistryProcess.startHttps(root.resolve("data"), certificates.trust(),
                    arguments.toArray(String[]::new));
            oci = new OciClient(server.baseUri(), Optional.of(certificates.trust()));
        } else {
            server = RegistryProcess.start(root.resolve("data"), "--no-builtin-catalog");
            oci = new OciClient(server.baseUri(), Optional.empty());
        }
    }

    @AfterAll
    final void stopRegistry() {
        if (server != null) {
            server.close();
        }
    }
}
