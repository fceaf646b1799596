package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The referrers API (end-12a/b, spec "Listing Referrers" and "Pushing Manifests with Subject"): {@code OCI-Subject}
 * on push, descriptors with {@code artifactType} (top level, else {@code config.mediaType}, omitted for an index
 * without one) and all annotations, index referrers, the {@code artifactType} filter with
 * {@code OCI-Filters-Applied: artifactType}, missing subjects, no duplicates when a referrer is also tagged, deletes,
 * and repository scope. Every test uses its own subject, so the tests are independent.
 */
@DisplayName("Referrers API")
class ReferrersTest extends RegistryTestSupport {

    private static final String REPO = "conformance/referrers";

    @BeforeAll
    void pushBlobs() {
        for (Content blob : List.of(TestData.EMPTY_JSON, TestData.REF_BLOB_A, TestData.REF_BLOB_B, TestData.LAYER)) {
            oci.pushBlob(REPO, blob);
        }
    }

    /** A new subject image, pushed to {@code REPO} by digest. */
    private Content pushSubject() {
        Content config = TestData.config();
        oci.pushBlob(REPO, config);
        Content subject = Manifests.image().config(config).layer(TestData.LAYER).build();
        oci.pushManifest(REPO, subject.digest(), subject);
        return subject;
    }

    private Response pushReferrer(String repo, String reference, Content referrer, Content subject) {
        return oci.pushManifest(repo, reference, referrer).expectHeader("OCI-Subject", subject.digest());
    }

    private static Map<String, JsonNode> byDigest(JsonNode manifests) {
        Map<String, JsonNode> map = new HashMap<>();
        for (JsonNode descriptor : manifests) {
            assertFalse(map.containsKey(descriptor.path("digest").asText()), () -> "duplicate referrer " + descriptor);
            map.put(descriptor.path("digest").asText(), descriptor);
        }
        return map;
    }

    private JsonNode list(Content subject, String artifactType) {
        Response response = oci.referrers(REPO, subject.digest(), artifactType).expectStatus(200)
                .expectHeader("Content-Type", TestData.OCI_INDEX);
        JsonNode index = response.json();
        assertEquals(2, index.path("schemaVersion").asInt(), response::describe);
        assertEquals(TestData.OCI_INDEX, index.path("mediaType").asText(), response::describe);
        assertTrue(index.path("manifests").isArray(), response::describe);
        if (artifactType != null) {
            response.expectHeader("OCI-Filters-Applied", "artifactType");
        }
        return index.path("manifests");
    }

    private static void assertDescriptor(JsonNode descriptor, Content referrer, String artifactType,
            Map<String, String> annotations) {
        assertEquals(referrer.mediaType(), descriptor.path("mediaType").asText(), descriptor::toString);
        assertEquals(referrer.digest(), descriptor.path("digest").asText(), descriptor::toString);
        assertEquals(referrer.size(), descriptor.path("size").asLong(), descriptor::toString);
        if (artifactType == null) {
            assertFalse(descriptor.has("artifactType"), () -> "no artifactType expected: " + descriptor);
        } else {
            assertEquals(artifactType, descriptor.path("artifactType").asText(), descriptor::toString);
        }
        Map<String, String> actual = new HashMap<>();
        descriptor.path("annotations").properties().forEach(e -> actual.put(e.getKey(), e.getValue().asText()));
        assertEquals(annotations, actual, () -> "exactly the referrer's annotations: " + descriptor);
    }

    @Test
    void pushWithSubjectAnswersOciSubjectAndKeepsTheBytes() {
        Content subject = pushSubject();
        Content referrer = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).layer(TestData.REF_BLOB_A)
                .subject(subject).build();
        Response put = pushReferrer(REPO, referrer.digest(), referrer, subject);
        oci.assertManifestLocation(put, referrer);
        oci.assertManifest(REPO, referrer.digest(), referrer);
    }

    @Test
    void imageAndIndexReferrersAreListedWithArtifactTypeAndAnnotations() {
        Content subject = pushSubject();
        Content configArtifact = Manifests.image().config(TestData.REF_BLOB_A).layer(TestData.EMPTY_JSON)
                .subject(subject).annotation(TestData.ANNOTATION_KEY, "config a")
                .annotation("org.opencontainers.image.created", "2024-01-01T00:00:00Z").build();
        Content layerArtifact = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_B)
                .layer(TestData.REF_BLOB_B).subject(subject).annotation(TestData.ANNOTATION_KEY, "layer b").build();
        Content noAnnotations = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_B)
                .layer(TestData.REF_BLOB_B).subject(subject).build();
        Content typedIndex = Manifests.index().artifactType(TestData.ARTIFACT_TYPE_INDEX).manifest(configArtifact)
                .subject(subject).annotation(TestData.ANNOTATION_KEY, "index").build();
        Content untypedIndex = Manifests.index().manifest(layerArtifact).subject(subject)
                .annotation(TestData.ANNOTATION_KEY, "untyped index").build();
        for (Content referrer : List.of(configArtifact, layerArtifact, noAnnotations, typedIndex, untypedIndex)) {
            pushReferrer(REPO, referrer.digest(), referrer, subject);
        }

        Map<String, JsonNode> listed = byDigest(list(subject, null));
        assertEquals(5, listed.size(), listed::toString);
        assertDescriptor(listed.get(configArtifact.digest()), configArtifact, TestData.ARTIFACT_TYPE_A,
                Map.of(TestData.ANNOTATION_KEY, "config a", "org.opencontainers.image.created", "2024-01-01T00:00:00Z"));
        assertDescriptor(listed.get(layerArtifact.digest()), layerArtifact, TestData.ARTIFACT_TYPE_B,
                Map.of(TestData.ANNOTATION_KEY, "layer b"));
        assertDescriptor(listed.get(noAnnotations.digest()), noAnnotations, TestData.ARTIFACT_TYPE_B, Map.of());
        assertDescriptor(listed.get(typedIndex.digest()), typedIndex, TestData.ARTIFACT_TYPE_INDEX,
                Map.of(TestData.ANNOTATION_KEY, "index"));
        assertDescriptor(listed.get(untypedIndex.digest()), untypedIndex, null,
                Map.of(TestData.ANNOTATION_KEY, "untyped index"));
    }

    @Test
    void artifactTypeFilterReturnsOnlyMatchingReferrers() {
        Content subject = pushSubject();
        Content a1 = Manifests.image().config(TestData.REF_BLOB_A).layer(TestData.EMPTY_JSON).subject(subject).build();
        Content a2 = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).layer(TestData.REF_BLOB_A)
                .subject(subject).build();
        Content b = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_B).layer(TestData.REF_BLOB_B)
                .subject(subject).build();
        for (Content referrer : List.of(a1, a2, b)) {
            pushReferrer(REPO, referrer.digest(), referrer, subject);
        }
        Map<String, JsonNode> onlyA = byDigest(list(subject, TestData.ARTIFACT_TYPE_A));
        assertEquals(java.util.Set.of(a1.digest(), a2.digest()), onlyA.keySet());
        Map<String, JsonNode> onlyB = byDigest(list(subject, TestData.ARTIFACT_TYPE_B));
        assertEquals(java.util.Set.of(b.digest()), onlyB.keySet());
        assertEquals(0, list(subject, "application/vnd.nobody.uses.this").size());
        assertEquals(3, list(subject, null).size());
    }

    @Test
    void referrersOfAMissingSubjectAreListed() {
        Content neverPushed = Manifests.image().config(TestData.config()).build();
        Content referrer = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_B).layer(TestData.REF_BLOB_B)
                .subject(neverPushed).build();
        pushReferrer(REPO, referrer.digest(), referrer, neverPushed);
        oci.headManifest(REPO, neverPushed.digest()).expectStatus(404);
        Map<String, JsonNode> listed = byDigest(list(neverPushed, null));
        assertEquals(java.util.Set.of(referrer.digest()), listed.keySet());
    }

    @Test
    void unknownDigestGivesAnEmptyIndex() {
        assertEquals(0, list(Content.blob(TestData.randomBytes(16)), null).size());
    }

    @Test
    void invalidDigestGives400() {
        Response response = oci.get("/v2/" + REPO + "/referrers/sha256:nothex");
        response.expectStatus(400);
        if (response.isJson()) {
            response.errorCodes();
        }
    }

    @Test
    void aReferrerThatIsAlsoTaggedIsListedOnce() {
        Content subject = pushSubject();
        Content referrer = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).layer(TestData.REF_BLOB_A)
                .subject(subject).annotation(TestData.ANNOTATION_KEY, "tagged").build();
        pushReferrer(REPO, referrer.digest(), referrer, subject);
        pushReferrer(REPO, "signature", referrer, subject);
        pushReferrer(REPO, "signature-copy", referrer, subject);
        pushReferrer(REPO, "signature", referrer, subject);
        JsonNode manifests = list(subject, null);
        assertEquals(1, manifests.size(), manifests::toString);
        assertDescriptor(manifests.get(0), referrer, TestData.ARTIFACT_TYPE_A, Map.of(TestData.ANNOTATION_KEY, "tagged"));
    }

    @Test
    void untaggingAReferrerKeepsItButDeletingItRemovesIt() {
        Content subject = pushSubject();
        Content referrer = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).layer(TestData.REF_BLOB_A)
                .subject(subject).build();
        pushReferrer(REPO, "to-untag", referrer, subject);
        oci.deleteManifest(REPO, "to-untag").expectStatus(202);
        assertEquals(1, list(subject, null).size(), "the manifest still exists by digest");
        oci.deleteManifest(REPO, referrer.digest()).expectStatus(202);
        assertEquals(0, list(subject, null).size(), "a deleted referrer is no longer listed");
        oci.headManifest(REPO, subject.digest()).expectStatus(200);
    }

    @Test
    void referrersAreScopedToTheRepository() {
        Content subject = pushSubject();
        String other = "conformance/referrers-other";
        for (Content blob : List.of(TestData.REF_BLOB_A, TestData.EMPTY_JSON)) {
            oci.pushBlob(other, blob);
        }
        Content elsewhere = Manifests.image().artifactType(TestData.ARTIFACT_TYPE_A).layer(TestData.REF_BLOB_A)
                .subject(subject).annotation("where", "other").build();
        pushReferrer(other, elsewhere.digest(), elsewhere, subject);
        assertEquals(0, list(subject, null).size(), "a referrer in another repository is not listed");
        Response otherList = oci.referrers(other, subject.digest(), null).expectStatus(200);
        assertEquals(1, otherList.json().path("manifests").size(), otherList::describe);
    }
}
