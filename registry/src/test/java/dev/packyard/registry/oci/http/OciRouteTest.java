package dev.packyard.registry.oci.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OciRouteTest {

    @Test
    void splitsMultiSegmentNamesFromEndpoints() {
        assertEquals(Optional.of(new OciRoute.Base()), OciRoute.parse("/v2/"));
        assertEquals(Optional.of(new OciRoute.Catalog()), OciRoute.parse("/v2/_catalog"));
        assertEquals(Optional.of(new OciRoute.TagList("a/b/c")), OciRoute.parse("/v2/a/b/c/tags/list"));
        assertEquals(Optional.of(new OciRoute.Manifest("spectro-packs/archive/cilium", "1.15.3")),
                OciRoute.parse("/v2/spectro-packs/archive/cilium/manifests/1.15.3"));
        assertEquals(Optional.of(new OciRoute.UploadStart("a/blobs")), OciRoute.parse("/v2/a/blobs/blobs/uploads/"));
        assertEquals(Optional.of(new OciRoute.UploadStart("a")), OciRoute.parse("/v2/a/blobs/uploads"));
        assertEquals(Optional.of(new OciRoute.Upload("a", "1234")), OciRoute.parse("/v2/a/blobs/uploads/1234"));
        assertEquals(Optional.of(new OciRoute.Blob("a/manifests", "sha256:ab")), OciRoute.parse("/v2/a/manifests/blobs/sha256%3Aab"));
        assertEquals(Optional.of(new OciRoute.Referrers("r", "sha256:ab")), OciRoute.parse("/v2/r/referrers/sha256:ab"));
    }

    @Test
    void leavesUnknownPathsUnrouted() {
        assertEquals(Optional.empty(), OciRoute.parse("/v2/a"));
        assertEquals(Optional.empty(), OciRoute.parse("/v2/a/manifests/"));
        assertEquals(Optional.empty(), OciRoute.parse("/v2/a/unknown/x"));
        assertEquals(Optional.empty(), OciRoute.parse("/v3/a/manifests/x"));
    }
}
