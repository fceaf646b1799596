package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Manifest size limits: the redesigned suite's {@code large-manifest} (390 annotations of 10,000 characters, about
 * 3.9 MB, just under 4 MiB) must be accepted and served byte for byte; a manifest over 5 MiB must be refused with
 * 413 and not stored.
 */
@DisplayName("Manifest size limits")
class ManifestLimitsTest extends RegistryTestSupport {

    private static final String REPO = "conformance/limits";

    private final Content config = TestData.config();

    @BeforeAll
    void pushBlobs() {
        oci.pushBlob(REPO, config);
        oci.pushBlob(REPO, TestData.LAYER);
    }

    private Content manifestWithAnnotations(int count) {
        Manifests.ImageBuilder builder = Manifests.image().config(config).layer(TestData.LAYER);
        String value = "A".repeat(10_000);
        for (int i = 0; i < count; i++) {
            builder.annotation("large-annotation-" + i, value);
        }
        return builder.build();
    }

    @Test
    void largeManifestJustUnder4MiBIsAcceptedAndServedExactly() {
        Content manifest = manifestWithAnnotations(390);
        assertTrue(manifest.size() > 3_900_000 && manifest.size() < 4 * 1024 * 1024,
                () -> "test manifest size " + manifest.size());
        Response put = oci.pushManifest(REPO, "large-manifest", manifest);
        put.expectDigestHeaderIfPresent(manifest.digest());
        oci.assertManifestLocation(put, manifest);
        oci.assertManifest(REPO, "large-manifest", manifest);
        oci.assertManifest(REPO, manifest.digest(), manifest);
    }

    @Test
    void manifestOver5MiBIsRefusedWith413() {
        Content manifest = manifestWithAnnotations(530);
        assertTrue(manifest.size() > 5 * 1024 * 1024, () -> "test manifest size " + manifest.size());
        Response put;
        try {
            put = oci.putManifest(REPO, "too-large", manifest);
        } catch (UncheckedIOException e) {
            throw new AssertionError("the registry must answer 413, not drop the connection", e);
        }
        put.expectStatus(413);
        if (put.isJson()) {
            put.errorCodes();
        }
        oci.headManifest(REPO, "too-large").expectStatus(404);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
    }
}
