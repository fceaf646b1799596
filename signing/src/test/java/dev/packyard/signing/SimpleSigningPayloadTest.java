package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleSigningPayloadTest {

    private static final String DIGEST = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";

    @Test
    void writesTheDocumentCosignSigns() {
        String json = text(SimpleSigningPayload.of("registry.example.com/packs/nginx", DIGEST).toBytes());

        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example.com/packs/nginx\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}", json);
    }

    @Test
    void annotationsAreWrittenSortedByKey() {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("z", "last");
        annotations.put("a", "first");
        annotations.put("m", 3);

        String json = text(SimpleSigningPayload.of("r.example/p", DIGEST, annotations).toBytes());

        assertTrue(json.endsWith(",\"optional\":{\"a\":\"first\",\"m\":3,\"z\":\"last\"}}"), json);
    }

    @Test
    void escapesLikeGoEncodingJson() {
        // Go escapes <, > and & (HTML safety), U+2028/U+2029, and control characters with lowercase hex.
        Map<String, String> annotations = Map.of("note", "a<b>&c\u2028\u0001\t\u00e9");

        String json = text(SimpleSigningPayload.of("r.example/p", DIGEST, annotations).toBytes());

        assertTrue(json.contains("\"note\":\"a\\u003cb\\u003e\\u0026c\\u2028\\u0001\\t\u00e9\""), json);
    }

    @Test
    void parsesWhatItWrites() {
        SimpleSigningPayload payload = SimpleSigningPayload.of("r.example/p", DIGEST,
                Map.of("creator", "packyard", "nested", Map.of("list", List.of(1, "two"))));

        SimpleSigningPayload parsed = SimpleSigningPayload.parse(payload.toBytes());

        assertEquals(payload, parsed);
        assertThrows(UnsupportedOperationException.class, () -> parsed.optional().put("x", "y"));
    }

    @Test
    void parseChecksTheClaimedDigest() {
        byte[] bytes = SimpleSigningPayload.of("r.example/p", DIGEST).toBytes();
        String other = "sha256:" + "0".repeat(64);

        assertEquals(DIGEST, SimpleSigningPayload.parse(bytes, DIGEST).manifestDigest());
        PayloadException e = assertThrows(PayloadException.class, () -> SimpleSigningPayload.parse(bytes, other));
        assertEquals(PayloadException.Problem.DIGEST_MISMATCH, e.problem());
        assertTrue(e.getMessage().startsWith("invalid or missing digest in claim"), e.getMessage());
    }

    @Test
    void missingDigestIsTheClaimError() {
        PayloadException e = assertProblem(PayloadException.Problem.DIGEST_MISMATCH,
                "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{},"
                        + "\"type\":\"cosign container image signature\"},\"optional\":null}");
        assertTrue(e.getMessage().contains("invalid or missing digest in claim"), e.getMessage());
    }

    @Test
    void wrongOrMissingTypeIsRefused() {
        PayloadException e = assertProblem(PayloadException.Problem.WRONG_TYPE,
                "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\""
                        + DIGEST + "\"},\"type\":\"atomic container signature\"},\"optional\":null}");
        assertTrue(e.getMessage().contains("'atomic container signature'"), e.getMessage());
        assertProblem(PayloadException.Problem.WRONG_TYPE,
                "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"}}}");
    }

    @Test
    void malformedJsonNamesTheReason() {
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, "{\"critical\":")
                .getMessage().contains("not valid JSON"));
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, "[1,2]")
                .getMessage().contains("not a JSON object"));
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, "{\"optional\":null}")
                .getMessage().contains("no \"critical\" object"));
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, "{} {}")
                .getMessage().contains("not valid JSON"));
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, "")
                .getMessage().contains("not a JSON object"));
    }

    @Test
    void duplicateKeysAreRefused() {
        // Two parsers could disagree about which value counts, so such a payload is never accepted.
        String exact = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"type\":\"x\",\"type\":\"cosign container image signature\"},\"optional\":null}";
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, exact).getMessage().contains("Duplicate"));

        String caseVariant = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"Type\":\"x\",\"type\":\"cosign container image signature\"},\"optional\":null}";
        assertTrue(assertProblem(PayloadException.Problem.MALFORMED, caseVariant).getMessage()
                .contains("both \"Type\" and \"type\""));
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyLikeGo() {
        // The cosign spec's own example spells the key "Docker-manifest-digest"; cosign (Go) accepts it.
        String json = "{\"critical\":{\"identity\":{\"docker-reference\":\"r.example/p\"},"
                + "\"image\":{\"Docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":{\"k\":\"v\"}}";

        SimpleSigningPayload parsed = SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), DIGEST);

        assertEquals("r.example/p", parsed.dockerReference());
        assertEquals(Map.of("k", "v"), parsed.optional());
    }

    @Test
    void buildingRefusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> SimpleSigningPayload.of(" ", DIGEST));
        assertThrows(IllegalArgumentException.class, () -> SimpleSigningPayload.of("r", "sha256:abc"));
        assertThrows(IllegalArgumentException.class, () -> SimpleSigningPayload.of("r", DIGEST.toUpperCase()));
        assertThrows(IllegalArgumentException.class,
                () -> SimpleSigningPayload.of("r", DIGEST, Map.of("when", new Object())));
    }

    @Test
    void constantsAreCosigns() {
        assertEquals("application/vnd.dev.cosign.simplesigning.v1+json", SimpleSigningPayload.MEDIA_TYPE);
        assertEquals("dev.cosignproject.cosign/signature", SimpleSigningPayload.SIGNATURE_ANNOTATION);
    }

    private static PayloadException assertProblem(PayloadException.Problem problem, String json) {
        PayloadException e = assertThrows(PayloadException.class,
                () -> SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(problem, e.problem(), e.getMessage());
        return e;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
