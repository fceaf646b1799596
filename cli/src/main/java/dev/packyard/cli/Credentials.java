package dev.packyard.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A user name and password for a registry, sent as HTTP Basic authentication. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username);
        Objects.requireNonNull(password);
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        if (username.contains(":")) {
            throw new IllegalArgumentException("a user name for Basic authentication cannot contain ':'");
        }
    }

    /** {@code base64(username:password)}, the form docker's and spectro's config files keep. */
    public String encoded() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization} header. */
    public String basicHeader() {
        return "Basic " + encoded();
    }

    /**
     * Reads the {@code base64(username:password)} form.
     *
     * @throws IllegalArgumentException when it is not base64 or has no ':'
     */
    public static Credentials decode(String encoded) {
        String plain = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        int colon = plain.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not base64 of username:password");
        }
        return new Credentials(plain.substring(0, colon), plain.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<hidden>]";
    }
}
