package dev.packyard.packs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A constraint on one value, from a schema.yaml entry such as
 * {@code manifests.x.port: { schema: '{{ required | format "${number}" | hints "Port"}}' }}.
 *
 * @param path     dotted values path ({@code a.b.$[]} for array items)
 * @param template the template as written
 * @param required the value must be set
 * @param readonly the value must not be changed
 * @param format   the {@code format} argument, e.g. {@code ${number}}, {@code ${list:[A,B]}}, {@code ${ipv4} - ${ipv4}}
 * @param hints    the {@code hints} arguments, shown to users
 */
public record ValueSchema(String path, String template, boolean required, boolean readonly, Optional<String> format,
        List<String> hints) {

    public ValueSchema {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(format, "format");
        hints = List.copyOf(hints);
    }
}
