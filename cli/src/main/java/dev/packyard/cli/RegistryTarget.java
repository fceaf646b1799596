package dev.packyard.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The registry a command talks to: {@code http://host:port} (plain http) or {@code https://host[:port]} (TLS,
 * verified unless {@code insecureTls}).
 *
 * @param base        {@code scheme://host[:port]}, lower case, no path
 * @param insecureTls skip TLS certificate and host name verification ({@code --insecure}); meaningless for http
 */
public record RegistryTarget(URI base, boolean insecureTls) {

    /** The registry used when neither {@code --registry} nor {@code $PACKYARD_REGISTRY} says otherwise. */
    public static final String DEFAULT_URL = "http://127.0.0.1:5000";
    /** The environment variable naming the default registry. */
    public static final String ENV_VAR = "PACKYARD_REGISTRY";
    /** Where packs live under the registry, the layout Palette expects. */
    public static final String PACK_NAMESPACE = "spectro-packs/archive/";

    /** The registry URL to use: the flag when given, else {@code $PACKYARD_REGISTRY} when set, else the default. */
    public static String chooseUrl(String flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        return DEFAULT_URL;
    }

    /**
     * Parses a registry URL. A URL without a scheme is taken as https (as docker and oras do); a trailing {@code /}
     * or {@code /v2} is dropped.
     *
     * @throws CliException (exit code 2) when the URL is not usable, saying why
     */
    public static RegistryTarget parse(String url, boolean insecureTls) {
        if (url == null || url.isBlank()) {
            throw bad(String.valueOf(url), "it is empty");
        }
        String text = url.strip();
        String withScheme = text.contains("://") ? text : "https://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw bad(text, e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(text, "use http:// (plain http) or https:// (TLS), not " + scheme + "://");
        }
        if (uri.getRawUserInfo() != null) {
            throw bad(text, "do not put credentials in the URL; run `packyard login --registry "
                    + scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "`");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw bad(text, "it names no host; write it as http://host:port or https://host[:port]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(text, "it must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        path = path.replaceAll("/+$", "");
        if (path.equals("/v2")) {
            path = "";
        }
        if (!path.isEmpty()) {
            throw bad(text, "it takes no path ('" + path + "'): give only scheme://host[:port];"
                    + " packs live at <registry>/" + PACK_NAMESPACE + "<name>");
        }
        String base = scheme + "://" + host.toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return new RegistryTarget(URI.create(base), insecureTls);
    }

    /** True for {@code http://} registries (no TLS). */
    public boolean plainHttp() {
        return base.getScheme().equals("http");
    }

    /** The URL as shown to the user and used as the key of stored credentials. */
    public String display() {
        return base.toString();
    }

    /**
     * {@code host[:port]} as an OCI reference names the registry. A host without a dot or a port (such as
     * {@code myhost}) gets its default port, so that it is not read as a repository namespace.
     */
    public String hostPort() {
        String host = base.getHost();
        if (base.getPort() != -1) {
            return host + ":" + base.getPort();
        }
        if (host.contains(".") || host.contains(":")) {
            return host;
        }
        return host + ":" + (plainHttp() ? 80 : 443);
    }

    /** The repository of a pack: {@code spectro-packs/archive/NAME}. */
    public static String repository(String packName) {
        return PACK_NAMESPACE + packName;
    }

    /** The full OCI reference of a pack's version or digest, e.g. {@code 127.0.0.1:5000/spectro-packs/archive/cilium:1.15.3}. */
    public String reference(String packName, String tagOrDigest) {
        String separator = tagOrDigest.contains(":") && !PackRef.validVersion(tagOrDigest) ? "@" : ":";
        return hostPort() + "/" + repository(packName) + separator + tagOrDigest;
    }

    /** An absolute URL on the registry for {@code pathAndQuery} (which starts with '/'). */
    public URI resolve(String pathAndQuery) {
        return URI.create(display() + pathAndQuery);
    }

    /** True when the registry is on this machine (a loopback address or localhost). */
    public boolean isLocal() {
        String host = base.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static CliException bad(String url, String why) {
        return new CliException("bad registry URL '" + url + "': " + why, 2);
    }
}
