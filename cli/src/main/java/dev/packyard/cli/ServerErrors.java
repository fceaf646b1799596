package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.packs.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The errors of an OCI error body, {@code {"errors":[{"code","message","detail"}]}}, with the pack problems Packyard
 * puts in {@code detail.problems} when it refuses a pack:
 * {@code {"severity","file","field","rule","message","fix"}}.
 */
public record ServerErrors(List<Entry> errors) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Entry(String code, String message, List<Problem> problems) {
    }

    /** One problem of a refused pack, as the server reports it. */
    public record Problem(String severity, String file, String field, String rule, String message, String fix) {

        /**
         * One line, exactly as the local validation report prints it ({@link dev.packyard.packs.Problem#format()}),
         * so a problem reads the same whether {@code packyard validate} or the server found it.
         */
        public String format() {
            Severity level;
            try {
                level = Severity.valueOf(severity.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                level = Severity.ERROR;
            }
            return new dev.packyard.packs.Problem(level, file, field, rule.isEmpty() ? "server" : rule,
                    message.isEmpty() ? "(no message)" : message, fix).format();
        }
    }

    /** Parses an error body; a body that is not one (HTML, empty, other JSON) gives no errors. */
    public static ServerErrors parse(byte[] body) {
        List<Entry> entries = new ArrayList<>();
        if (body == null || body.length == 0) {
            return new ServerErrors(entries);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new ServerErrors(entries);
        }
        if (root == null) {
            return new ServerErrors(entries);
        }
        for (JsonNode error : root.path("errors")) {
            List<Problem> problems = new ArrayList<>();
            for (JsonNode p : error.path("detail").path("problems")) {
                problems.add(new Problem(text(p, "severity"), text(p, "file"), text(p, "field"), text(p, "rule"),
                        text(p, "message"), text(p, "fix")));
            }
            entries.add(new Entry(text(error, "code"), text(error, "message"), List.copyOf(problems)));
        }
        return new ServerErrors(List.copyOf(entries));
    }

    /** Parses an error body given as text. */
    public static ServerErrors parse(String body) {
        return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Every problem of every error. */
    public List<Problem> problems() {
        return errors.stream().flatMap(e -> e.problems().stream()).toList();
    }

    /** {@code CODE: message; CODE: message}, or empty. */
    public String summary() {
        return String.join("; ", errors.stream()
                .map(e -> e.code().isEmpty() ? e.message() : e.message().isEmpty() ? e.code() : e.code() + ": " + e.message())
                .toList());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? Table.clean(value.asText()) : "";
    }
}
