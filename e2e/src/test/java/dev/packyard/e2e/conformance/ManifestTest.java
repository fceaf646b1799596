package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Manifest push and pull rules (spec "Pushing Manifests", "Pulling manifests", "Deleting Manifests" and the
 * redesigned suite's manifest checks): exact bytes behind the returned {@code Location}, media type from
 * {@code Content-Type} when the body has none (Helm), indexes, missing blobs (MANIFEST_BLOB_UNKNOWN) versus a missing
 * subject (accepted), wrong and malformed digests, invalid bodies, and deletes that take effect at once.
 */
@DisplayName("Manifests")
class ManifestTest extends RegistryTestSupport {

    private static final String REPO = "conformance/manifests";

    private final Content config = TestData.config();

    @BeforeAll
    void pushBlobs() {
        oci.pushBlob(REPO, config);
        oci.pushBlob(REPO, TestData.LAYER);
    }

    private Content image(String annotation) {
        return Manifests.image().config(config).layer(TestData.LAYER).annotation("test", annotation).build();
    }

    @Test
    void putByTagGives201AndTheLocationServesTheExactManifest() {
        Content manifest = image("by-tag");
        Response put = oci.pushManifest(REPO, "by-tag", manifest);
        put.expectDigestHeaderIfPresent(manifest.digest());
        oci.assertManifestLocation(put, manifest);
        oci.assertManifest(REPO, "by-tag", manifest);
        oci.assertManifest(REPO, manifest.digest(), manifest);
    }

    @Test
    void putByDigestGives201AndTheLocationServesTheExactManifest() {
        Content manifest = image("by-digest");
        Response put = oci.pushManifest(REPO, manifest.digest(), manifest);
        put.expectDigestHeaderIfPresent(manifest.digest());
        oci.assertManifestLocation(put, manifest);
        oci.assertManifest(REPO, manifest.digest(), manifest);
    }

    @Test
    void manifestBytesAreKeptExactlyIncludingUnknownFields() {
        Content manifest = TestData.ginkgoManifest(config);
        oci.pushManifest(REPO, "ginkgo", manifest);
        oci.assertManifest(REPO, "ginkgo", manifest);
        assertTrue(new String(manifest.bytes(), StandardCharsets.UTF_8).contains("newUnspecifiedField"));
    }

    @Test
    void manifestWithoutMediaTypeTakesItsTypeFromContentType() {
        // Helm (through oras-go) pushes image manifests with no mediaType field. Real Helm charts, which the registry
        // also checks as charts, are pushed that way in helm.HelmOciTest; here any image manifest will do.
        Content chartConfig = Content.of(TestData.OCI_CONFIG,
                "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        Content chart = Content.of(TestData.OCI_LAYER, TestData.randomBytes(700));
        oci.pushBlob(REPO, chartConfig);
        oci.pushBlob(REPO, chart);
        Content manifest = Manifests.image().withoutMediaType().config(chartConfig).layer(chart).build();
        assertFalse(Json.parse(manifest.bytes()).has("mediaType"), "the body names no media type");

        Response put = oci.pushManifest(REPO, "0.1.0", manifest);
        oci.assertManifestLocation(put, manifest);
        oci.assertManifest(REPO, "0.1.0", manifest);
    }

    @Test
    void indexesArePushedAndPulledWithTheirMediaType() {
        Content first = image("index-child-1");
        Content second = image("index-child-2");
        oci.pushManifest(REPO, first.digest(), first);
        oci.pushManifest(REPO, second.digest(), second);
        Content index = Manifests.index().manifest(first).manifest(second).build();
        Response put = oci.pushManifest(REPO, "index", index);
        oci.assertManifestLocation(put, index);
        oci.assertManifest(REPO, "index", index);

        Content nested = Manifests.index().manifest(index).build();
        oci.pushManifest(REPO, "nested-index", nested);
        oci.assertManifest(REPO, "nested-index", nested);

        Content empty = Manifests.index().build();
        oci.pushManifest(REPO, "empty-index", empty);
        oci.assertManifest(REPO, "empty-index", empty);
    }

    @Test
    void manifestWithAMissingLayerGivesManifestBlobUnknown() {
        Content missing = TestData.randomBlob(100).withMediaType(TestData.OCI_LAYER);
        Content manifest = Manifests.image().config(config).layer(missing).build();
        oci.putManifest(REPO, "missing-layer", manifest).expectStatus(400, 404).expectErrorCode("MANIFEST_BLOB_UNKNOWN");
        oci.headManifest(REPO, "missing-layer").expectStatus(404);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
    }

    @Test
    void manifestWithAMissingConfigGivesManifestBlobUnknown() {
        Content missingConfig = TestData.config();
        Content manifest = Manifests.image().config(missingConfig).layer(TestData.LAYER).build();
        oci.putManifest(REPO, "missing-config", manifest).expectStatus(400, 404)
                .expectErrorCode("MANIFEST_BLOB_UNKNOWN");
        oci.headManifest(REPO, "missing-config").expectStatus(404);
    }

    @Test
    void indexWithAMissingChildIsAcceptedOrRefusedWithManifestBlobUnknown() {
        Content child = image("never-pushed-child");
        Content index = Manifests.index().manifest(child).build();
        Response put = oci.putManifest(REPO, "index-missing-child", index);
        if (put.status() == 201) {
            oci.assertManifest(REPO, "index-missing-child", index);
        } else {
            put.expectStatus(400, 404).expectErrorCode("MANIFEST_BLOB_UNKNOWN");
        }
    }

    @Test
    void manifestWithAMissingSubjectIsAccepted() {
        Content subject = image("subject-never-pushed");
        Content referrer = Manifests.image().config(config).layer(TestData.LAYER).subject(subject).build();
        Response put = oci.pushManifest(REPO, referrer.digest(), referrer);
        put.expectHeader("OCI-Subject", subject.digest());
        oci.assertManifest(REPO, referrer.digest(), referrer);
    }

    @Test
    void putByDigestWithAWrongDigestGivesDigestInvalid() {
        Content manifest = image("wrong-digest");
        Content other = image("the-digest-claimed");
        oci.put(OciClient.manifestPath(REPO, other.digest()), manifest.bytes(), "Content-Type", TestData.OCI_MANIFEST)
                .expectError(400, "DIGEST_INVALID");
        oci.headManifest(REPO, other.digest()).expectStatus(404);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
    }

    @Test
    void malformedDigestReferenceIsRefused() {
        Content manifest = image("malformed-digest");
        oci.putManifest(REPO, "sha256:baddigeststring", manifest).expectError(400, "DIGEST_INVALID");
        oci.getManifest(REPO, "sha256:baddigeststring").expectStatus(400, 404);
    }

    @Test
    void invalidManifestBodiesGiveManifestInvalid() {
        oci.put(OciClient.manifestPath(REPO, "garbage"), TestData.INVALID_MANIFEST_CONTENT.getBytes(StandardCharsets.UTF_8),
                "Content-Type", TestData.OCI_MANIFEST).expectError(400, "MANIFEST_INVALID");
        String noConfig = "{\"schemaVersion\":2,\"mediaType\":\"" + TestData.OCI_MANIFEST + "\",\"layers\":[]}";
        oci.put(OciClient.manifestPath(REPO, "no-config"), noConfig.getBytes(StandardCharsets.UTF_8),
                "Content-Type", TestData.OCI_MANIFEST).expectError(400, "MANIFEST_INVALID");
        oci.put(OciClient.manifestPath(REPO, "array"), "[]".getBytes(StandardCharsets.UTF_8),
                "Content-Type", TestData.OCI_MANIFEST).expectError(400, "MANIFEST_INVALID");
        oci.headManifest(REPO, "garbage").expectStatus(404);
        oci.headManifest(REPO, "no-config").expectStatus(404);
    }

    @Test
    void missingManifestsGiveManifestUnknown() {
        oci.getManifest(REPO, Digests.sha256(TestData.randomBytes(32))).expectError(404, "MANIFEST_UNKNOWN");
        oci.getManifest(REPO, "missing-" + TestData.randomLower(10)).expectError(404, "MANIFEST_UNKNOWN");
        oci.headManifest(REPO, "missing-" + TestData.randomLower(10)).expectStatus(404).expectBody(new byte[0]);
    }

    @Test
    void deleteByDigestRemovesTheManifestAndEveryTagAtOnce() {
        Content manifest = image("delete-me");
        oci.pushManifest(REPO, "delete-a", manifest);
        oci.pushManifest(REPO, "delete-b", manifest);
        oci.deleteManifest(REPO, manifest.digest()).expectStatus(202);
        oci.headManifest(REPO, manifest.digest()).expectStatus(404);
        oci.headManifest(REPO, "delete-a").expectStatus(404);
        oci.getManifest(REPO, "delete-b").expectError(404, "MANIFEST_UNKNOWN");
        List<String> tags = ContentDiscoveryTest.texts(oci.tagsList(REPO, null).expectStatus(200).json().path("tags"));
        assertFalse(tags.contains("delete-a") || tags.contains("delete-b"), () -> "deleted tags still listed: " + tags);
        oci.deleteManifest(REPO, manifest.digest()).expectError(404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deleteByTagRemovesOnlyTheTag() {
        Content manifest = image("untag-me");
        oci.pushManifest(REPO, "untag-a", manifest);
        oci.pushManifest(REPO, "untag-b", manifest);
        oci.deleteManifest(REPO, "untag-a").expectStatus(202);
        oci.headManifest(REPO, "untag-a").expectStatus(404);
        oci.assertManifest(REPO, "untag-b", manifest);
        oci.assertManifest(REPO, manifest.digest(), manifest);
    }

    @Test
    void pushingATagAgainMovesIt() {
        Content first = image("first");
        Content second = image("second");
        oci.pushManifest(REPO, "moving", first);
        oci.pushManifest(REPO, "moving", second);
        oci.assertManifest(REPO, "moving", second);
        oci.assertManifest(REPO, first.digest(), first);
    }

    @Test
    void pushingTheSameManifestTwiceSucceeds() {
        Content manifest = image("twice");
        oci.pushManifest(REPO, "twice", manifest);
        oci.pushManifest(REPO, "twice", manifest);
        oci.pushManifest(REPO, manifest.digest(), manifest);
        oci.assertManifest(REPO, "twice", manifest);
    }

    @Test
    void tagsAtTheEdgesOfTheGrammarAreAccepted() {
        Content manifest = image("edge-tags");
        String longest = "t".repeat(128);
        for (String tag : List.of(longest, "_underscore", "MiXeD.Case-1_2", "0", "v1.2.3-rc.1")) {
            oci.pushManifest(REPO, tag, manifest);
            oci.assertManifest(REPO, tag, manifest);
        }
        oci.putManifest(REPO, longest + "t", manifest).expectError(400, "TAG_INVALID");
    }

    @Test
    void namesAtTheEdgesOfTheGrammarAreAccepted() {
        Content manifest = TestData.ginkgoManifest(config);
        for (String name : List.of("a__b/c--d/e.f/g_h/0", "x-----y", "deep/a/b/c/d/e/f/g/h", "9")) {
            oci.pushBlob(name, config);
            oci.pushBlob(name, TestData.LAYER);
            oci.pushManifest(name, "latest", manifest);
            oci.assertManifest(name, "latest", manifest);
            List<String> tags = ContentDiscoveryTest.texts(oci.tagsList(name, null).expectStatus(200).json().path("tags"));
            org.junit.jupiter.api.Assertions.assertEquals(List.of("latest"), tags);
        }
    }

    @Test
    void manifestsAreScopedToTheirRepository() {
        Content manifest = image("scoped");
        oci.pushManifest(REPO, "scoped", manifest);
        oci.getManifest("conformance/elsewhere", manifest.digest()).expectStatus(404);
        oci.getManifest("conformance/elsewhere", "scoped").expectStatus(404);
    }
}
