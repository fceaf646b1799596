package dev.packyard.registry.oci.manifest;

import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestParserTest {

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private final ManifestParser parser = new ManifestParser();

    private Manifest parse(String json, String contentType) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(contentType));
    }

    private OciException refused(String json, String contentType) {
        OciException e = assertThrows(OciException.class, () -> parse(json, contentType));
        assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
        return e;
    }

    @Test
    void takesTheMediaTypeFromContentTypeWhenTheBodyHasNone() {
        Manifest helm = parse("""
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"%s","size":3},
                 "layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"%s","size":9}]}
                """.formatted(D1, D2), "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
        assertEquals(MediaTypes.OCI_MANIFEST, helm.mediaType());
        assertEquals(2, helm.blobs().size());
        assertEquals(Optional.of("application/vnd.cncf.helm.config.v1+json"), helm.artifactType());
    }

    @Test
    void readsSubjectArtifactTypeAndAnnotationsOfAnIndex() {
        Manifest index = parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/vnd.food.stand",
                 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":3}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":4},
                 "annotations":{"z":"1","a":"2"}}
                """.formatted(D1, D2), null);
        assertEquals(1, index.manifests().size());
        assertEquals(D2, index.subject().orElseThrow().digest().toString());
        assertEquals(Optional.of("application/vnd.food.stand"), index.artifactType());
        assertEquals(List.of("z", "a"), List.copyOf(index.annotations().keySet()));
        assertEquals(Map.of("z", "1", "a", "2"), index.annotations());
    }

    @Test
    void namesTheFieldAtFault() {
        assertTrue(refused("blablabla", null).getMessage().contains("not valid JSON"));
        assertTrue(refused("[]", null).getMessage().contains("JSON object"));
        assertTrue(refused("{\"schemaVersion\":2}", null).getMessage().contains("no mediaType"));
        assertTrue(refused("{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}", null)
                .getMessage().contains("schemaVersion must be 2"));
        assertTrue(refused("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}", null)
                .getMessage().contains("'config' is required"));
        assertTrue(refused("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"x","digest":"%s","size":1},"layers":[{"mediaType":"x","digest":"sha256:nope","size":1}]}
                """.formatted(D1), null).getMessage().contains("'layers[0].digest' is invalid"));
        assertTrue(refused("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"x","digest":"%s","size":-1},"layers":[]}
                """.formatted(D1), null).getMessage().contains("'config.size' must be a non-negative integer"));
        assertTrue(refused("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}",
                "application/vnd.oci.image.manifest.v1+json").getMessage().contains("differs from the manifest's mediaType"));
        assertTrue(refused("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}", null).getMessage().contains("not a manifest type"));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
        assertTrue(refused(index + " trailing-garbage", null).getMessage().contains("not valid JSON"));
        assertTrue(refused(index.replace("\"manifests\":[]", "\"manifests\":[],\"manifests\":[]"), null)
                .getMessage().contains("Duplicate field"));
    }
}
