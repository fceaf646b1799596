package dev.packyard.registry.oci.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint a {@code /v2/...} path names. Written by hand because repository names span several path segments
 * ({@code /v2/a/b/c/manifests/1.0}), which Helidon's path patterns cannot split from the endpoint suffix; the name
 * is matched loosely here and validated against the spec's grammar by the handler.
 */
public sealed interface OciRoute {

    record Base() implements OciRoute {
    }

    record Catalog() implements OciRoute {
    }

    record TagList(String name) implements OciRoute {
    }

    record Manifest(String name, String reference) implements OciRoute {
    }

    record UploadStart(String name) implements OciRoute {
    }

    record Upload(String name, String id) implements OciRoute {
    }

    record Blob(String name, String digest) implements OciRoute {
    }

    record Referrers(String name, String digest) implements OciRoute {
    }

    Pattern TAG_LIST = Pattern.compile("/v2/(.+)/tags/list");
    Pattern UPLOAD_START = Pattern.compile("/v2/(.+)/blobs/uploads/?");
    Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
    Pattern ENDPOINT = Pattern.compile("/v2/(.+)/(manifests|blobs|referrers)/([^/]+)");

    /** Parses a raw (still percent-encoded) request path. */
    static Optional<OciRoute> parse(String rawPath) {
        if (rawPath.equals("/v2") || rawPath.equals("/v2/")) {
            return Optional.of(new Base());
        }
        if (rawPath.equals("/v2/_catalog")) {
            return Optional.of(new Catalog());
        }
        Matcher m = TAG_LIST.matcher(rawPath);
        if (m.matches()) {
            return Optional.of(new TagList(m.group(1)));
        }
        m = UPLOAD_START.matcher(rawPath);
        if (m.matches()) {
            return Optional.of(new UploadStart(m.group(1)));
        }
        m = UPLOAD.matcher(rawPath);
        if (m.matches()) {
            return Optional.of(new Upload(m.group(1), m.group(2)));
        }
        m = ENDPOINT.matcher(rawPath);
        if (m.matches()) {
            // Some clients percent-encode the ':' of a digest; no other escape is valid in a tag or digest.
            String reference = m.group(3).replace("%3A", ":").replace("%3a", ":");
            return Optional.of(switch (m.group(2)) {
                case "manifests" -> new Manifest(m.group(1), reference);
                case "blobs" -> new Blob(m.group(1), reference);
                default -> new Referrers(m.group(1), reference);
            });
        }
        return Optional.empty();
    }
}
