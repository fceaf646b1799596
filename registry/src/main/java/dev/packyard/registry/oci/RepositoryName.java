package dev.packyard.registry.oci;

import java.util.regex.Pattern;

/** A repository name that matches the distribution spec's grammar, e.g. {@code spectro-packs/archive/cilium}. */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    /** Clients limit {@code host[:port]/name} to 255 characters; the name alone can't be longer. */
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid repository name: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && GRAMMAR.matcher(value).matches();
    }

    /** Why {@code value} is not a repository name, in words a user can act on. */
    public static String explain(String value) {
        if (value.length() > MAX_LENGTH) {
            return "repository name is " + value.length() + " characters; the limit is " + MAX_LENGTH;
        }
        return "repository name '" + value + "' must be lowercase path components of [a-z0-9] joined by '.', '_', "
                + "'__' or '-', separated by '/' (e.g. spectro-packs/archive/cilium)";
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
