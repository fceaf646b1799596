package dev.packyard.registry.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One trust policy of the config file: which keys must have signed the manifests pulled from the repositories under
 * {@code prefix}, and what happens when none has.
 *
 * @param prefix    a repository name or the leading path segments of one ({@code spectro-packs} covers
 *                  {@code spectro-packs/archive/cilium}); empty for every repository
 * @param keys      absolute paths of PEM public key files, and {@link #REGISTRY_KEY} for the registry's own key
 */
public record TrustRule(String prefix, Mode mode, List<String> keys) {

    /** Stands for the registry's own key in {@link #keys}. */
    public static final String REGISTRY_KEY = "registry";

    /** What a pull of a manifest that no trusted key signed gets. */
    public enum Mode {
        /** Served; signatures are not looked at. */
        OFF,
        /** Served, and logged as a warning. */
        WARN,
        /** Refused with 403 DENIED. */
        ENFORCE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> byId(String id) {
            for (Mode mode : values()) {
                if (mode.id().equals(id)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    public TrustRule {
        keys = List.copyOf(keys);
        if (!prefix.isEmpty() && !prefix.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
            throw new IllegalArgumentException("trust prefix '" + prefix + "' is not a repository name or the "
                    + "leading segments of one (lowercase a-z0-9 with . _ - between, / between segments)");
        }
        if (mode != Mode.OFF && keys.isEmpty()) {
            throw new IllegalArgumentException("trust policy '" + prefix + "' (" + mode.id() + ") names no keys; "
                    + "list PEM public key files, or \"" + REGISTRY_KEY + "\" for the registry's own key");
        }
    }

    /** Whether this rule covers {@code repository}: the prefix is the whole name or ends at a {@code /}. */
    public boolean covers(String repository) {
        return prefix.isEmpty() || repository.equals(prefix) || repository.startsWith(prefix + "/");
    }
}
