package dev.packyard.packs;

import java.util.Objects;

/**
 * One thing wrong with a pack, told so a person can fix it without reading code.
 *
 * @param severity ERROR rejects the pack, WARNING does not
 * @param file     the pack file concerned, e.g. {@code pack.json}, {@code values.yaml}; {@code ""} for the pack as a whole
 * @param field    where in the file, as a path such as {@code constraints.dependencies[1].type}; {@code ""} when the
 *                 file as a whole is concerned (line and column then are in the message)
 * @param rule     a short stable id of the broken rule, e.g. {@code schema.enum}, {@code yaml.syntax}, {@code file.missing}
 * @param message  what is wrong
 * @param fix      what to do about it
 */
public record Problem(Severity severity, String file, String field, String rule, String message, String fix) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** One human line: {@code ERROR pack.json layer: 'network' is not one of ... (schema.enum) -> fix: use ...}. */
    public String format() {
        StringBuilder line = new StringBuilder(severity.name());
        if (!file.isEmpty()) {
            line.append(' ').append(file);
        }
        if (!field.isEmpty()) {
            line.append(' ').append(field);
        }
        line.append(": ").append(message).append(" (").append(rule).append(')');
        if (!fix.isEmpty()) {
            line.append(" -> fix: ").append(fix);
        }
        return line.toString();
    }
}
