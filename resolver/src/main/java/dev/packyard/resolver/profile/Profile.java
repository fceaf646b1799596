package dev.packyard.resolver.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cluster profile: named, versioned, ordered layers that a resolver turns into a lock. Read one with
 * {@link ProfileReader}.
 *
 * @param name        the profile's name
 * @param version     a strict semantic version ({@code 1.2.3}, {@code 1.2.3-rc.1}), as Palette demands of profiles
 * @param type        infra, add-on or full; decides the layer rules
 * @param cloudType   the cloud the profile is for ({@code aws}, {@code vsphere}, ...; {@code all} for any): every pack
 *                    must support it
 * @param description free text
 * @param variables   the profile's variables, in order
 * @param layers      the layers in profile order
 */
public record Profile(String name, String version, ProfileType type, String cloudType, Optional<String> description,
        List<Variable> variables, List<ProfileLayer> layers) {

    /** semver.org's own expression: no leading v, three parts, no leading zeros. */
    public static final Pattern STRICT_SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cloudType, "cloudType");
        Objects.requireNonNull(description, "description");
        variables = List.copyOf(variables);
        layers = List.copyOf(layers);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        if (!STRICT_SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("profile version '" + version + "' is not a strict semantic version "
                    + "such as 1.2.3 or 1.2.3-rc.1");
        }
    }

    /** The variable of that name, if the profile declares it. */
    public Optional<Variable> variable(String variableName) {
        return variables.stream().filter(v -> v.name().equals(variableName)).findFirst();
    }
}
