package dev.packyard.registry.storage;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated, slash-separated storage key relative to a driver's root.
 *
 * <p>Every segment must match a conservative character set and may not be {@code .} or {@code ..}, so no key built
 * from request input can name anything outside the root, whatever the driver. Callers validate names and digests
 * against the OCI grammar first; this is the last line of defence.
 */
public final class StoragePath {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+=][A-Za-z0-9._+=-]{0,254}");

    private final List<String> segments;
    private final String value;

    private StoragePath(List<String> segments) {
        this.segments = segments;
        this.value = String.join("/", segments);
    }

    /** Parses {@code a/b/c}; throws {@link IllegalArgumentException} for anything unsafe. */
    public static StoragePath of(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a storage path must not be empty");
        }
        return new StoragePath(checked(Arrays.asList(path.split("/", -1))));
    }

    /** This path with more segments appended ({@code child} may itself contain slashes). */
    public StoragePath resolve(String child) {
        List<String> more = checked(Arrays.asList(child.split("/", -1)));
        String[] all = new String[segments.size() + more.size()];
        int i = 0;
        for (String s : segments) {
            all[i++] = s;
        }
        for (String s : more) {
            all[i++] = s;
        }
        return new StoragePath(List.of(all));
    }

    public List<String> segments() {
        return segments;
    }

    /** The last segment. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    private static List<String> checked(List<String> segments) {
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("unsafe storage path segment '" + segment + "'");
            }
        }
        return List.copyOf(segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
