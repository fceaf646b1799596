package dev.packyard.e2e.conformance;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Range requests on a 2048-byte blob, the redesigned suite's table: each satisfiable range gives 206 with the exact
 * slice, {@code Content-Length} and {@code Content-Range} ({@code bytes a-b/2048} or {@code /*}); a reversed range
 * and a range past the end give 416. A full 200 counts as a failure (range requests unsupported).
 */
@DisplayName("Blob range requests")
class RangeRequestTest extends RegistryTestSupport {

    private static final String REPO = "conformance/ranges";
    private static final int LENGTH = 2048;

    private final Content blob = TestData.randomBlob(LENGTH);

    @BeforeAll
    void pushBlob() {
        oci.pushBlob(REPO, blob);
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource({
        "bytes=500-1499, 500, 1499",
        "bytes=500-,     500, 2047",
        "bytes=-500,     1548, 2047",
        "bytes=2000-5000, 2000, 2047",
        "bytes=0-0,      0, 0",
        "bytes=0-2047,   0, 2047",
    })
    void satisfiableRangeGives206WithTheExactSlice(String range, int first, int last) {
        Response response = oci.getBlob(REPO, blob.digest(), "Range", range);
        response.expectStatus(206)
                .expectHeader("Content-Length", Integer.toString(last - first + 1))
                .expectBody(Arrays.copyOfRange(blob.bytes(), first, last + 1));
        String contentRange = response.requireHeader("Content-Range");
        String expected = "bytes " + first + "-" + last + "/";
        if (!contentRange.equals(expected + LENGTH) && !contentRange.equals(expected + "*")) {
            org.junit.jupiter.api.Assertions.fail("Content-Range must be " + expected + LENGTH + ": "
                    + response.describe());
        }
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource({"bytes=500-0", "bytes=5000-10000", "bytes=2048-"})
    void unsatisfiableRangeGives416(String range) {
        oci.getBlob(REPO, blob.digest(), "Range", range).expectStatus(416);
    }

    @Test
    void requestWithoutRangeGivesTheWholeBlob() {
        oci.getBlob(REPO, blob.digest()).expectStatus(200)
                .expectHeader("Content-Length", Integer.toString(LENGTH))
                .expectBody(blob.bytes());
    }

    @Test
    void rangeOnAMissingBlobGives404() {
        oci.getBlob(REPO, TestData.DUMMY_DIGEST, "Range", "bytes=0-10").expectStatus(404);
    }
}
