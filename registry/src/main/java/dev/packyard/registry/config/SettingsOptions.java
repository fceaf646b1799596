package dev.packyard.registry.config;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The flags every server-side command shares (a picocli mixin): the config file, the data folder and FIPS mode, so
 * {@code serve} and {@code key} read one configuration the same way.
 */
public final class SettingsOptions {

    @Option(names = "--config", description = "YAML config file; flags given here override it.")
    Path config;

    @Option(names = "--data", description = "Folder for filesystem storage (default: ./data, or the config file's).")
    Path data;

    @Option(names = "--fips", description = "FIPS mode: Bouncy Castle FIPS (approved-only) does all cryptography.")
    boolean fips;

    /** The defaults, then the config file, then these flags. */
    public ServerSettings settings() throws InvalidConfigException {
        ServerSettings settings = config == null ? ServerSettings.defaults()
                : ConfigFile.apply(config, ServerSettings.defaults());
        if (data != null) {
            settings = settings.withDataDir(data);
        }
        if (fips) {
            settings = settings.withFips(true);
        }
        return settings;
    }
}
