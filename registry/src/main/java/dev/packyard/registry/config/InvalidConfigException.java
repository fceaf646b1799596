package dev.packyard.registry.config;

/** A config file that can't be used; the message names the file, the key and what is wrong. */
public final class InvalidConfigException extends Exception {
    public InvalidConfigException(String message) {
        super(message);
    }
}
