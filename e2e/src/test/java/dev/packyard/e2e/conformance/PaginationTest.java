package dev.packyard.e2e.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pagination of {@code GET /v2/<name>/tags/list} and {@code GET /v2/_catalog}: {@code n} and {@code last}, and the
 * RFC 5988 {@code Link: <...>; rel="next"} header that a client follows page by page; {@code n=0} gives an empty list
 * and no {@code Link}.
 */
@DisplayName("Tag list and catalog pagination")
class PaginationTest extends RegistryTestSupport {

    private static final String TAG_REPO = "pagination/tags";
    /** Lowercase tags, so lexical and ASCIIbetical order agree. */
    private static final List<String> TAGS = List.of("1.0", "1.0-rc", "1.0_b", "alpha", "bravo", "charlie", "delta",
            "echo", "foxtrot", "golf", "hotel", "latest", "v2");
    /** Names whose string order and path order agree (the catalog is not part of the OCI spec). */
    private static final List<String> REPOS = List.of("pagination/a", "pagination/b/nested", "pagination/c",
            "pagination/d.e", "pagination/f__g", "pagination/tags", "zeta");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    @BeforeAll
    void pushTagsAndRepositories() {
        Content config = TestData.config();
        for (String repo : REPOS) {
            oci.pushBlob(repo, config);
            oci.pushBlob(repo, TestData.LAYER);
            oci.pushManifest(repo, "latest", TestData.ginkgoManifest(config));
        }
        Content manifest = TestData.ginkgoManifest(config);
        for (String tag : TAGS) {
            oci.pushManifest(TAG_REPO, tag, manifest);
        }
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    /** The target of a {@code Link: <...>; rel="next"} header, if the response has one. */
    private static String nextLink(Response response) {
        List<String> links = response.headerValues("Link");
        for (String link : links) {
            Matcher matcher = NEXT_LINK.matcher(link);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        assertTrue(links.isEmpty(), () -> "Link header without rel=\"next\": " + response.describe());
        return null;
    }

    /** Follows {@code Link} headers from {@code first}, checking each page holds at most {@code n} entries. */
    private List<String> followPages(String first, int n, Function<Response, List<String>> entries) {
        List<String> all = new ArrayList<>();
        String target = first;
        int pages = 0;
        while (target != null) {
            Response page = oci.get(target).expectStatus(200);
            List<String> values = entries.apply(page);
            assertTrue(values.size() <= n, () -> "page larger than n=" + n + ": " + page.describe());
            String next = nextLink(page);
            if (next != null) {
                assertFalse(values.isEmpty(), () -> "an empty page must not link to another: " + page.describe());
            }
            all.addAll(values);
            target = next;
            assertTrue(++pages <= 50, "pagination does not end");
        }
        return all;
    }

    private static List<String> tags(Response response) {
        return ContentDiscoveryTest.texts(response.json().path("tags"));
    }

    private static List<String> repositories(Response response) {
        return ContentDiscoveryTest.texts(response.json().path("repositories"));
    }

    // ---------------------------------------------------------------------------------------------------- tags

    @Test
    void fullTagListIsSortedAndComplete() {
        Response response = oci.tagsList(TAG_REPO, null).expectStatus(200);
        assertEquals(TAG_REPO, response.json().path("name").asText());
        assertEquals(sorted(TAGS), tags(response));
        assertEquals(null, nextLink(response), "no Link when everything fits");
    }

    @Test
    void nLimitsThePageAndLinkPointsToTheNextOne() {
        Response first = oci.tagsList(TAG_REPO, "n=5").expectStatus(200);
        assertEquals(sorted(TAGS).subList(0, 5), tags(first));
        String next = nextLink(first);
        assertTrue(next != null, () -> "more tags follow, so a Link rel=\"next\": " + first.describe());
        assertTrue(oci.resolve(next).getRawPath().equals("/v2/" + TAG_REPO + "/tags/list"), () -> "Link " + next);
    }

    @Test
    void followingLinkHeadersYieldsEveryTagOnceInOrder() {
        List<String> all = followPages("/v2/" + TAG_REPO + "/tags/list?n=4", 4, PaginationTest::tags);
        assertEquals(sorted(TAGS), all);
        assertEquals(all.size(), new HashSet<>(all).size(), "no tag repeated");
    }

    @Test
    void lastStartsAfterTheGivenTag() {
        List<String> expected = sorted(TAGS);
        Response response = oci.tagsList(TAG_REPO, "n=3&last=charlie").expectStatus(200);
        int from = expected.indexOf("charlie") + 1;
        assertEquals(expected.subList(from, from + 3), tags(response));

        Response rest = oci.tagsList(TAG_REPO, "last=golf").expectStatus(200);
        assertEquals(expected.subList(expected.indexOf("golf") + 1, expected.size()), tags(rest));

        Response between = oci.tagsList(TAG_REPO, "last=b").expectStatus(200);
        assertEquals(expected.subList(expected.indexOf("bravo"), expected.size()), tags(between),
                "last need not be an existing tag");

        Response none = oci.tagsList(TAG_REPO, "last=v2").expectStatus(200);
        assertEquals(List.of(), tags(none));
        assertEquals(null, nextLink(none));
    }

    @Test
    void nZeroGivesAnEmptyListAndNoLink() {
        Response response = oci.tagsList(TAG_REPO, "n=0").expectStatus(200);
        assertEquals(List.of(), tags(response));
        assertTrue(response.headerValues("Link").isEmpty(), () -> "n=0 must not carry Link: " + response.describe());
    }

    @Test
    void nLargerThanTheListGivesEverythingAndNoLink() {
        Response response = oci.tagsList(TAG_REPO, "n=1000").expectStatus(200);
        assertEquals(sorted(TAGS), tags(response));
        assertEquals(null, nextLink(response));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(strings = {"abc", "-1", "1.5"})
    void invalidNGives400WithASpecErrorCode(String n) {
        Response tags = oci.tagsList(TAG_REPO, "n=" + n).expectStatus(400);
        tags.errorCodes();
        Response catalog = oci.get("/v2/_catalog?n=" + n).expectStatus(400);
        catalog.errorCodes();
    }

    @Test
    void tagListOfAnUnknownRepositoryGives404() {
        oci.tagsList("pagination/never-pushed", null).expectError(404, "NAME_UNKNOWN");
    }

    // ------------------------------------------------------------------------------------------------- catalog

    @Test
    void catalogListsEveryRepositorySorted() {
        Response response = oci.get("/v2/_catalog").expectStatus(200);
        assertEquals(sorted(REPOS), repositories(response));
    }

    @Test
    void catalogPagesFollowLinkHeaders() {
        Response first = oci.get("/v2/_catalog?n=2").expectStatus(200);
        assertEquals(sorted(REPOS).subList(0, 2), repositories(first));
        assertTrue(nextLink(first) != null, () -> "more repositories follow, so a Link: " + first.describe());
        List<String> all = followPages("/v2/_catalog?n=2", 2, PaginationTest::repositories);
        assertEquals(sorted(REPOS), all);
    }

    @Test
    void catalogLastStartsAfterTheGivenRepository() {
        List<String> expected = sorted(REPOS);
        Response response = oci.get("/v2/_catalog?n=2&last=pagination/a").expectStatus(200);
        int from = expected.indexOf("pagination/a") + 1;
        assertEquals(expected.subList(from, from + 2), repositories(response));
        Response zero = oci.get("/v2/_catalog?n=0").expectStatus(200);
        assertEquals(List.of(), repositories(zero));
        assertTrue(zero.headerValues("Link").isEmpty(), zero::describe);
    }
}
