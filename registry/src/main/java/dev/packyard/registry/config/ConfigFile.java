package dev.packyard.registry.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The server's YAML config file. Every key is optional; an unknown key or a bad value is an error that names the
 * key, so a typo never silently falls back to a default.
 * <pre>
 * server:   { host: 127.0.0.1, port: 5000 }
 * storage:  { filesystem: { root: ./data } }
 * uploads:  { expireAfter: 24h, sweepInterval: 15m }
 * manifests: { maxBytes: 4194304 }
 * packs:    { maxExpandedBytes: 536870912, builtinCatalog: true }
 * charts:   { maxUploadBytes: 20971520 }
 * trust:
 *   - { prefix: spectro-packs, mode: enforce, keys: [registry, keys/release.pub] }
 * fips: false
 * tls:      { certificate: tls/server.crt, key: tls/server.key }   # or { keystore: tls/server.bcfks, passwordFile: ... }
 * </pre>
 */
public final class ConfigFile {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    record Server(String host, Integer port) {
    }

    record Filesystem(String root) {
    }

    record Storage(Filesystem filesystem) {
    }

    record Uploads(@JsonProperty("expireAfter") String expireAfter, @JsonProperty("sweepInterval") String sweepInterval) {
    }

    record Manifests(@JsonProperty("maxBytes") Integer maxBytes) {
    }

    record Packs(@JsonProperty("maxExpandedBytes") Long maxExpandedBytes,
                 @JsonProperty("builtinCatalog") Boolean builtinCatalog) {
    }

    record Charts(@JsonProperty("maxUploadBytes") Long maxUploadBytes) {
    }

    record Trust(String prefix, String mode, List<String> keys) {
    }

    record Tls(String certificate, String key, String keystore, @JsonProperty("passwordFile") String passwordFile) {
    }

    record Document(Server server, Storage storage, Uploads uploads, Manifests manifests, Packs packs, Charts charts,
                    List<Trust> trust, Boolean fips, Tls tls) {
    }

    private ConfigFile() {
    }

    /** Applies the file's settings on top of {@code base}; relative paths are taken from the file's folder. */
    public static ServerSettings apply(Path file, ServerSettings base) throws InvalidConfigException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Document document;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = yaml.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return base; // an empty file changes nothing
            }
            document = yaml.treeToValue(tree, Document.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidConfigException(file + ": no such config file");
        } catch (JsonMappingException e) {
            String where = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new InvalidConfigException(file + ": " + (where.isEmpty() ? "" : "at '" + where + "': ")
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": not valid YAML: " + e.getMessage().split("\n")[0]);
        }
        ServerSettings settings = base;
        try {
            if (document.server() != null) {
                if (document.server().host() != null) {
                    settings = settings.withHost(document.server().host());
                }
                if (document.server().port() != null) {
                    settings = settings.withPort(document.server().port());
                }
            }
            if (document.storage() != null && document.storage().filesystem() != null
                    && document.storage().filesystem().root() != null) {
                Path folder = file.toAbsolutePath().getParent();
                settings = settings.withDataDir(folder.resolve(document.storage().filesystem().root()).normalize());
            }
            if (document.uploads() != null) {
                Duration expiry = document.uploads().expireAfter() == null ? settings.uploadExpiry()
                        : duration("uploads.expireAfter", document.uploads().expireAfter());
                Duration sweep = document.uploads().sweepInterval() == null ? settings.uploadSweepInterval()
                        : duration("uploads.sweepInterval", document.uploads().sweepInterval());
                settings = settings.withUploadExpiry(expiry, sweep);
            }
            if (document.manifests() != null && document.manifests().maxBytes() != null) {
                settings = settings.withMaxManifestBytes(document.manifests().maxBytes());
            }
            if (document.packs() != null) {
                settings = settings.withPacks(
                        document.packs().maxExpandedBytes() == null ? settings.maxPackBytes() : document.packs().maxExpandedBytes(),
                        document.packs().builtinCatalog() == null ? settings.builtinCatalog() : document.packs().builtinCatalog());
            }
            if (document.charts() != null && document.charts().maxUploadBytes() != null) {
                settings = settings.withMaxChartUploadBytes(document.charts().maxUploadBytes());
            }
            if (document.tls() != null) {
                settings = settings.withTls(tls(document.tls(), file.toAbsolutePath().getParent()));
            }
            if (document.fips() != null) {
                settings = settings.withFips(document.fips());
            }
            if (document.trust() != null) {
                settings = settings.withTrust(trust(document.trust(), file.toAbsolutePath().getParent()));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage());
        }
        return settings;
    }

    private static TlsIdentity tls(Tls tls, Path folder) {
        boolean pem = tls.certificate() != null || tls.key() != null;
        boolean keystore = tls.keystore() != null || tls.passwordFile() != null;
        if (pem && keystore) {
            throw new IllegalArgumentException("tls takes either certificate and key (PEM files) or keystore and "
                    + "passwordFile (BCFKS), not both");
        }
        if (keystore) {
            if (tls.keystore() == null || tls.passwordFile() == null) {
                throw new IllegalArgumentException("tls needs both keystore (BCFKS) and passwordFile");
            }
            return tlsKeystore(folder.resolve(tls.keystore()).normalize(), folder.resolve(tls.passwordFile()).normalize());
        }
        if (tls.certificate() == null || tls.key() == null) {
            throw new IllegalArgumentException("tls needs both certificate and key (PEM files), or keystore and "
                    + "passwordFile");
        }
        return tlsPemFiles(folder.resolve(tls.certificate()).normalize(), folder.resolve(tls.key()).normalize());
    }

    /** PEM TLS files, which must be readable; their content is checked when the server builds its TLS context. */
    public static TlsIdentity tlsPemFiles(Path certificate, Path key) {
        requireReadable(certificate, key);
        return new TlsIdentity.PemFiles(certificate, key);
    }

    /** A TLS keystore and its password file, which must be readable; read when the server builds its TLS context. */
    public static TlsIdentity tlsKeystore(Path keystore, Path passwordFile) {
        requireReadable(keystore, passwordFile);
        return new TlsIdentity.Keystore(keystore, passwordFile);
    }

    private static void requireReadable(Path... files) {
        for (Path file : files) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new IllegalArgumentException("tls: " + file + " is not a readable file");
            }
        }
    }

    /** The trust policies, each checked; key files are taken from {@code folder} and must be readable. */
    static List<TrustRule> trust(List<Trust> entries, Path folder) {
        List<TrustRule> rules = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Trust entry = entries.get(i);
            String where = "trust[" + i + "]";
            if (entry == null) {
                throw new IllegalArgumentException(where + " is empty; write {prefix, mode, keys}");
            }
            String prefix = entry.prefix() == null ? "" : entry.prefix();
            if (!prefixes.add(prefix)) {
                throw new IllegalArgumentException(where + ": a policy for prefix '" + prefix + "' is given twice");
            }
            // YAML 1.1 reads a bare `off` as the boolean false, which reaches here as "false".
            String modeText = entry.mode() == null ? "enforce" : entry.mode().equals("false") ? "off" : entry.mode();
            TrustRule.Mode mode = TrustRule.Mode.byId(modeText).orElseThrow(() -> new IllegalArgumentException(
                    where + ".mode '" + modeText + "' is not off, warn or enforce"));
            List<String> keys = new ArrayList<>();
            for (String key : entry.keys() == null ? List.<String>of() : entry.keys()) {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException(where + ".keys has an empty entry");
                }
                if (key.equals(TrustRule.REGISTRY_KEY)) {
                    keys.add(key);
                    continue;
                }
                Path file = folder.resolve(key).normalize();
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException(where + ".keys: " + file + " is not a readable file");
                }
                keys.add(file.toString());
            }
            try {
                rules.add(new TrustRule(prefix, mode, keys));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return rules;
    }

    /** {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 500ms}, or ISO-8601 such as {@code PT24H}. */
    static Duration duration(String key, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a duration; write e.g. 90s, 15m, 24h or 7d");
        }
    }
}
