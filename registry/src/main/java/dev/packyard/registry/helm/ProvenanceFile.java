package dev.packyard.registry.helm;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the registry reads of a Helm provenance file ({@code .prov}): the package it vouches for and that package's
 * SHA-256, from the signed body's {@code files:} section. The OpenPGP signature itself is the client's to verify
 * ({@code helm verify}); the registry only makes sure a .prov is stored beside the package it belongs to.
 *
 * @param fileName  the package's file name, {@code NAME-VERSION.tgz}
 * @param sha256Hex its SHA-256 as Helm wrote it
 */
record ProvenanceFile(String fileName, String sha256Hex) {

    private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final Pattern FILE = Pattern.compile("(?m)^\\s+([^\\s:]+\\.tgz):\\s+sha256:([0-9a-f]{64})\\s*$");

    /** Reads a .prov; throws {@link IllegalArgumentException} with the reason when it is not one. */
    static ProvenanceFile parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(BEGIN)) {
            throw new IllegalArgumentException("the provenance file is not an OpenPGP clear-signed document (it must "
                    + "start with " + BEGIN + "); create it with helm package --sign");
        }
        Matcher file = FILE.matcher(text);
        if (!file.find()) {
            throw new IllegalArgumentException("the provenance file names no chart package with its sha256 in its "
                    + "files: section; create it with helm package --sign");
        }
        return new ProvenanceFile(file.group(1), file.group(2));
    }
}
