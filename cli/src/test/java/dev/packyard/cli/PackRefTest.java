package dev.packyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackRefTest {

    private static final String SHA256 = "sha256:" + "a1".repeat(32);
    private static final String SHA512 = "sha512:" + "0f".repeat(64);

    @Test
    void bareNameMeansNewestVersion() {
        PackRef ref = PackRef.parse("cilium");
        assertEquals(new PackRef("cilium", Optional.empty(), Optional.empty()), ref);
        assertEquals(Optional.empty(), ref.reference());
        assertEquals("cilium", ref.toString());
    }

    @Test
    void nameAndVersion() {
        PackRef ref = PackRef.parse("csi-aws-ebs:1.22.0");
        assertEquals("csi-aws-ebs", ref.name());
        assertEquals(Optional.of("1.22.0"), ref.version());
        assertEquals(Optional.of("1.22.0"), ref.reference());
        assertEquals("csi-aws-ebs:1.22.0", ref.toString());
    }

    @Test
    void preReleaseAndOddVersionsAreTags() {
        assertEquals(Optional.of("2.0.2-up.3"), PackRef.parse("upbound-crossplane:2.0.2-up.3").version());
        assertEquals(Optional.of("1.16"), PackRef.parse("crossplane:1.16").version());
        assertEquals(Optional.of("lts__14.4.3"), PackRef.parse("ubuntu:lts__14.4.3").version());
    }

    @Test
    void nameAndDigest() {
        PackRef ref = PackRef.parse("nginx@" + SHA256);
        assertEquals("nginx", ref.name());
        assertEquals(Optional.of(SHA256), ref.digest());
        assertEquals(Optional.empty(), ref.version());
        assertEquals(Optional.of(SHA256), ref.reference());
        assertEquals("nginx@" + SHA256, ref.toString());
        assertEquals(Optional.of(SHA512), PackRef.parse("nginx@" + SHA512).digest());
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertEquals("cilium", PackRef.parse("  cilium\n").name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|it is empty",
            "'   '|it is empty",
            "Cilium|pack names are lowercase (did you mean 'cilium'?)",
            "cil!um|not a valid pack name",
            "-cilium|not a valid pack name",
            "cilium-|not a valid pack name",
            "spectro-packs/archive/cilium|bare pack name without registry or path",
            "127.0.0.1:5000/cilium:1.0|bare pack name without registry or path",
            "cilium:|nothing follows ':'",
            ":1.0.0|the pack name is missing",
            "cilium:.1|not a valid version tag",
            "cilium:1.0+build|not a valid version tag",
            "cilium:1:2|not a valid version tag",
            "cilium@|nothing follows '@'",
            "@sha256:0000|the pack name is missing",
            "cilium@sha256:abc|is not a digest",
            "cilium@md5:d41d8cd98f00b204e9800998ecf8427e|is not a digest",
            "cilium:1.0@sha256:a1a1|give a version or a digest, not both",
    })
    void badReferencesAreRefusedWithTheReason(String text, String reason) {
        CliException e = assertThrows(CliException.class, () -> PackRef.parse(text));
        assertTrue(e.getMessage().startsWith("bad pack reference '"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertEquals(2, e.exitCode(), "a bad reference is a usage error");
    }

    @Test
    void uppercaseDigestIsRefused() {
        CliException e = assertThrows(CliException.class, () -> PackRef.parse("cilium@" + SHA256.toUpperCase()));
        assertTrue(e.getMessage().contains("is not a digest"), e.getMessage());
    }

    @Test
    void tagLengthLimit() {
        assertEquals(128, PackRef.parse("p:" + "1".repeat(128)).version().orElseThrow().length());
        assertThrows(CliException.class, () -> PackRef.parse("p:" + "1".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cilium", "csi-aws-ebs", "hello-universe", "a", "k8s", "edge_native", "x.y", "a--b", "a__b"})
    void validNames(String name) {
        assertTrue(PackRef.validName(name));
    }

    @Test
    void versionAndDigestTogetherCannotBeConstructed() {
        assertThrows(IllegalArgumentException.class,
                () -> new PackRef("a", Optional.of("1"), Optional.of(SHA256)));
    }
}
