package dev.packyard.cli;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pack reference as the user types it: {@code NAME}, {@code NAME:VERSION} or {@code NAME@DIGEST}, the same forms
 * as {@code spectro pack pull}. The name is one OCI repository path component (the pack lives at
 * {@code spectro-packs/archive/NAME}), the version an OCI tag.
 */
public record PackRef(String name, Optional<String> version, Optional<String> digest) {

    /** One OCI repository path component (distribution-spec grammar). */
    static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    /** An OCI tag. */
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

    public PackRef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(digest);
        if (version.isPresent() && digest.isPresent()) {
            throw new IllegalArgumentException("a pack reference has a version or a digest, not both");
        }
    }

    /**
     * Parses {@code NAME}, {@code NAME:VERSION} or {@code NAME@sha256:HEX}.
     *
     * @throws CliException (exit code 2) naming what is wrong and what a valid reference looks like
     */
    public static PackRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad(String.valueOf(text), "it is empty; give a pack name such as cilium, cilium:1.15.3 or cilium@sha256:<digest>");
        }
        String s = text.strip();
        if (s.contains("/")) {
            throw bad(s, "a pack reference is a bare pack name without registry or path"
                    + " (packs live at <registry>/spectro-packs/archive/<name>); choose the registry with --registry");
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            String name = s.substring(0, at);
            String digest = s.substring(at + 1);
            if (name.contains(":")) {
                throw bad(s, "give a version or a digest, not both");
            }
            checkName(s, name);
            checkDigest(s, digest);
            return new PackRef(name, Optional.empty(), Optional.of(digest));
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String name = s.substring(0, colon);
            String version = s.substring(colon + 1);
            checkName(s, name);
            if (version.isEmpty()) {
                throw bad(s, "nothing follows ':'; give a version such as " + name + ":1.0.0, or leave ':' out for the newest");
            }
            checkVersion(s, version);
            return new PackRef(name, Optional.of(version), Optional.empty());
        }
        checkName(s, s);
        return new PackRef(s, Optional.empty(), Optional.empty());
    }

    /** True when {@code name} can be a pack's repository name. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** True when {@code version} can be a pack's tag. */
    public static boolean validVersion(String version) {
        return version != null && TAG.matcher(version).matches();
    }

    /** The tag or digest to ask the registry for, when the reference names one. */
    public Optional<String> reference() {
        return version.isPresent() ? version : digest;
    }

    @Override
    public String toString() {
        return version.map(v -> name + ":" + v).or(() -> digest.map(d -> name + "@" + d)).orElse(name);
    }

    private static void checkName(String text, String name) {
        if (name.isEmpty()) {
            throw bad(text, "the pack name is missing");
        }
        if (!validName(name)) {
            String hint = name.equals(name.toLowerCase(java.util.Locale.ROOT))
                    ? "a pack name is lowercase letters and digits, separated by '-', '.' or '_'"
                    : "pack names are lowercase (did you mean '" + name.toLowerCase(java.util.Locale.ROOT) + "'?)";
            throw bad(text, "'" + name + "' is not a valid pack name: " + hint);
        }
    }

    private static void checkVersion(String text, String version) {
        if (!validVersion(version)) {
            throw bad(text, "'" + version + "' is not a valid version tag: use letters, digits, '.', '_' and '-'"
                    + " (not starting with '.' or '-', at most 128 characters)");
        }
    }

    private static void checkDigest(String text, String digest) {
        if (digest.isEmpty()) {
            throw bad(text, "nothing follows '@'; give a digest such as sha256:<64 hex digits>");
        }
        if (!SHA256.matcher(digest).matches() && !SHA512.matcher(digest).matches()) {
            throw bad(text, "'" + digest + "' is not a digest: use sha256:<64 lowercase hex digits>"
                    + " or sha512:<128 lowercase hex digits>");
        }
    }

    private static CliException bad(String text, String why) {
        return new CliException("bad pack reference '" + text + "': " + why, 2);
    }
}
