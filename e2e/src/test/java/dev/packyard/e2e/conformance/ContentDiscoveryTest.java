package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Port of the v1.1 conformance suite's Content Discovery category ({@code 03_discovery_test.go}): eight tags
 * ({@code test0..3}, {@code TEST0..3}) on one manifest, then the referrers set-up (two referrers and an index
 * referrer pushed before their subject, two after it, and one whose subject is never pushed), tag listing with
 * {@code n} and {@code last}, and the referrers API with and without the {@code artifactType} filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@DisplayName("Conformance: Content Discovery")
class ContentDiscoveryTest extends RegistryTestSupport {

    private static final String REPO = "conformance/discovery";
    private static final int NUM_TAGS = 4;

    private final Content config2 = TestData.config();
    private final Content config3 = TestData.config();
    private final Content config4 = TestData.config();
    private final Content manifest2 = TestData.ginkgoManifest(config2);
    private final Content manifest3 = TestData.ginkgoManifest(config3); // never pushed: a missing subject
    private final Content manifest4 = TestData.ginkgoManifest(config4); // the subject

    private final TestData.Referrers refs = TestData.referrers(manifest4, manifest3);
    private final Content refsManifestAConfigArtifact = refs.aConfig();
    private final Content refsManifestBConfigArtifact = refs.bConfig();
    private final Content refsManifestALayerArtifact = refs.aLayer();
    private final Content refsManifestBLayerArtifact = refs.bLayer();
    private final Content refsManifestCLayerArtifact = refs.cLayer();
    private final Content refsIndexArtifact = refs.index();

    private List<String> tagList = List.of();
    private int numTags;

    // ---------------------------------------------------------------------------------------------------- setup

    @Test
    @Order(1)
    void setupPopulateRegistryWithTestBlobAndLayer() {
        oci.pushPostPut(REPO, config2).expectStatus(201);
        oci.pushPostPut(REPO, TestData.LAYER).expectStatus(201);
    }

    @Test
    @Order(2)
    void setupPopulateRegistryWithTestTags() {
        for (int i = 0; i < NUM_TAGS; i++) {
            for (String tag : new String[] {"test" + i, "TEST" + i}) {
                oci.putManifest(REPO, tag, manifest2).expectStatus(201);
            }
        }
        oci.tagsList(REPO, null).expectStatus(200);
    }

    @Test
    @Order(3)
    void setupReferencesSetup() {
        assertEquals(TestData.EMPTY_JSON_DIGEST, TestData.EMPTY_JSON.digest());
        oci.pushPostPut(REPO, TestData.EMPTY_JSON).expectStatus(201);
        oci.pushPostPut(REPO, TestData.REF_BLOB_A).expectStatus(201);

        // referrers pushed before their subject exists
        pushReferrer(refsManifestAConfigArtifact, manifest4);
        pushReferrer(refsManifestALayerArtifact, manifest4);
        pushReferrer(refsIndexArtifact, manifest4);

        oci.pushPostPut(REPO, config4).expectStatus(201);
        oci.pushPostPut(REPO, TestData.LAYER).expectStatus(201);
        oci.putManifest(REPO, "tagtest0", manifest4).expectStatus(201);

        oci.pushPostPut(REPO, TestData.REF_BLOB_B).expectStatus(201);
        pushReferrer(refsManifestBConfigArtifact, manifest4);
        pushReferrer(refsManifestBLayerArtifact, manifest4);

        // a referrer whose subject is never pushed
        pushReferrer(refsManifestCLayerArtifact, manifest3);
    }

    private void pushReferrer(Content referrer, Content subject) {
        oci.putManifest(REPO, referrer.digest(), referrer).expectStatus(201)
                .expectHeader("OCI-Subject", subject.digest());
    }

    // ---------------------------------------------------------------------------------------------- listing tags

    @Test
    @Order(10)
    void getRequestToListTagsShouldYield200ResponseAndBeInSortedOrder() {
        Response response = oci.tagsList(REPO, null).expectStatus(200);
        JsonNode body = response.json();
        assertEquals(REPO, body.path("name").asText(), "tag list name");
        tagList = texts(body.path("tags"));
        numTags = tagList.size();
        List<String> caseInsensitive = new ArrayList<>(tagList);
        caseInsensitive.sort(String.CASE_INSENSITIVE_ORDER);
        List<String> asciibetical = new ArrayList<>(tagList);
        asciibetical.sort(null);
        assertTrue(tagList.equals(caseInsensitive) || tagList.equals(asciibetical),
                () -> "tags must be in lexical or ASCIIbetical order: " + tagList);
        assertEquals(List.of("TEST0", "TEST1", "TEST2", "TEST3", "tagtest0", "test0", "test1", "test2", "test3"),
                asciibetical, "the eight test tags and tagtest0");
    }

    @Test
    @Order(11)
    void getNumberOfTagsShouldBeLimitableByNQueryParameter() {
        int n = numTags / 2;
        Response response = oci.tagsList(REPO, "n=" + n).expectStatus(200);
        List<String> tags = texts(response.json().path("tags"));
        assertEquals(n, tags.size(), () -> "n=" + n + " gave " + tags);
        assertEquals(tagList.subList(0, n), tags, "the first n tags of the full list");
    }

    @Test
    @Order(12)
    void getStartOfTagIsSetByLastQueryParameter() {
        int n = numTags / 2;
        List<String> first = texts(oci.tagsList(REPO, "n=" + n).expectStatus(200).json().path("tags"));
        String last = first.get(n - 1);
        Response response = oci.tagsList(REPO, "n=" + n + "&last=" + last).expectStatus(200);
        List<String> tags = texts(response.json().path("tags"));
        assertTrue(tags.size() <= n, () -> "at most n tags: " + tags);
        assertFalse(tags.contains(last), () -> "last=" + last + " must not be repeated: " + tags);
        assertEquals(tagList.subList(n, Math.min(2 * n, numTags)), tags, "the tags after last");
    }

    // ----------------------------------------------------------------------------------------- listing referrers

    @Test
    @Order(20)
    void getRequestToNonexistentBlobShouldResultInEmpty200Response() {
        Response response = oci.referrers(REPO, TestData.DUMMY_DIGEST, null).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX);
        assertEquals(0, response.json().path("manifests").size(), response::describe);
    }

    @Test
    @Order(21)
    void getRequestToExistingBlobShouldYield200() {
        Response response = oci.referrers(REPO, manifest4.digest(), null).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX);
        JsonNode manifests = response.json().path("manifests");
        assertEquals(5, manifests.size(), response::describe);
        assertNotEquals(manifests.get(0).path("digest").asText(), manifests.get(1).path("digest").asText());
        Map<String, String> expected = Map.of(
                refsManifestAConfigArtifact.digest(), "test config a",
                refsManifestBConfigArtifact.digest(), "test config b",
                refsManifestALayerArtifact.digest(), "test layer a",
                refsManifestBLayerArtifact.digest(), "test layer b",
                refsIndexArtifact.digest(), "test index");
        assertAnnotations(manifests, expected);
    }

    @Test
    @Order(22)
    void getRequestToExistingBlobWithFilterShouldYield200() {
        Response response = oci.referrers(REPO, manifest4.digest(), TestData.ARTIFACT_TYPE_A).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX)
                .expectHeader("OCI-Filters-Applied", "artifactType");
        JsonNode manifests = response.json().path("manifests");
        assertEquals(2, manifests.size(), response::describe);
        assertAnnotations(manifests, Map.of(
                refsManifestAConfigArtifact.digest(), "test config a",
                refsManifestALayerArtifact.digest(), "test layer a"));
        for (JsonNode descriptor : manifests) {
            assertEquals(TestData.ARTIFACT_TYPE_A, descriptor.path("artifactType").asText(), descriptor::toString);
        }
    }

    @Test
    @Order(23)
    void getRequestToMissingManifestShouldYield200() {
        Response response = oci.referrers(REPO, manifest3.digest(), null).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX);
        JsonNode manifests = response.json().path("manifests");
        assertEquals(1, manifests.size(), response::describe);
        assertEquals(refsManifestCLayerArtifact.digest(), manifests.get(0).path("digest").asText());
    }

    /** Each descriptor must carry exactly one annotation, the one pushed with that digest. */
    private static void assertAnnotations(JsonNode manifests, Map<String, String> expected) {
        List<String> seen = new ArrayList<>();
        for (JsonNode descriptor : manifests) {
            String digest = descriptor.path("digest").asText();
            assertTrue(expected.containsKey(digest), () -> "unexpected referrer " + descriptor);
            JsonNode annotations = descriptor.path("annotations");
            assertEquals(1, annotations.size(), () -> "exactly one annotation on " + descriptor);
            assertEquals(expected.get(digest), annotations.path(TestData.ANNOTATION_KEY).asText(),
                    descriptor::toString);
            seen.add(digest);
        }
        assertEquals(expected.keySet().stream().sorted().toList(), seen.stream().sorted().toList());
    }

    // ------------------------------------------------------------------------------------------------- teardown

    @Test
    @Order(30)
    void teardownDeleteCreatedManifestsAndAssociatedTags() {
        for (Content manifest : List.of(refsIndexArtifact, manifest2, manifest4, refsManifestAConfigArtifact,
                refsManifestALayerArtifact, refsManifestBConfigArtifact, refsManifestBLayerArtifact,
                refsManifestCLayerArtifact)) {
            oci.deleteManifest(REPO, manifest.digest()).expectStatus(202);
            oci.headManifest(REPO, manifest.digest()).expectStatus(404);
        }
        oci.getManifest(REPO, "test0").expectStatus(404);
        oci.getManifest(REPO, "tagtest0").expectStatus(404);
        Response referrers = oci.referrers(REPO, manifest4.digest(), null).expectStatus(200);
        assertEquals(0, referrers.json().path("manifests").size(), referrers::describe);
    }

    @Test
    @Order(31)
    void teardownDeleteConfigAndLayerBlobs() {
        for (Content blob : List.of(config2, config4, TestData.LAYER, TestData.REF_BLOB_A, TestData.REF_BLOB_B,
                TestData.EMPTY_JSON)) {
            oci.deleteBlob(REPO, blob.digest()).expectStatus(202, 404);
            oci.headBlob(REPO, blob.digest()).expectStatus(404);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
