package dev.packyard.resolver.profile;

import dev.packyard.packs.PackVersion;
import java.util.Optional;
import java.util.regex.Pattern;

/** The formats Palette offers for profile variables ({@code v1Variable.format}); each knows which values it accepts. */
public enum VariableFormat {
    STRING("string", "any text"),
    NUMBER("number", "a number such as 3 or 2.5"),
    BOOLEAN("boolean", "true or false"),
    IPV4("ipv4", "an IPv4 address such as 10.0.0.1"),
    IPV4CIDR("ipv4cidr", "an IPv4 network such as 10.0.0.0/16"),
    IPV6("ipv6", "an IPv6 address such as fd00::1"),
    VERSION("version", "a version such as 1.2.3"),
    BASE64("base64", "base64 text such as aGVsbG8=");

    private static final Pattern BASE64_TEXT = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    private static final Pattern NUMBER_TEXT = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private final String id;
    private final String example;

    VariableFormat(String id, String example) {
        this.id = id;
        this.example = example;
    }

    /** The id written in profiles. */
    public String id() {
        return id;
    }

    /** What a valid value looks like, for messages. */
    public String example() {
        return example;
    }

    /** The format for an id as written, case-insensitive. */
    public static Optional<VariableFormat> byId(String id) {
        for (VariableFormat format : values()) {
            if (format.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** True when {@code value} is written in this format. */
    public boolean accepts(String value) {
        return switch (this) {
            case STRING -> true;
            case NUMBER -> isNumber(value);
            case BOOLEAN -> value.equals("true") || value.equals("false");
            case IPV4 -> isIpv4(value);
            case IPV4CIDR -> isIpv4Cidr(value);
            case IPV6 -> isIpv6(value);
            case VERSION -> PackVersion.parse(value).isPresent();
            case BASE64 -> BASE64_TEXT.matcher(value).matches();
        };
    }

    /** A decimal number, optionally signed, with an optional exponent: what YAML reads as a number. */
    public static boolean isNumber(String value) {
        return NUMBER_TEXT.matcher(value.strip()).matches();
    }

    /** A dotted quad of 0-255 without leading zeros. */
    public static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4Cidr(String value) {
        int slash = value.indexOf('/');
        return slash > 0 && isIpv4(value.substring(0, slash))
                && value.substring(slash + 1).matches("\\d|[12]\\d|3[0-2]");
    }

    /** RFC 4291 text forms: eight groups, one {@code ::}, an optional trailing IPv4 part; no zone id. */
    static boolean isIpv6(String value) {
        if (value.isEmpty() || value.indexOf("::") != value.lastIndexOf("::")) {
            return false;
        }
        boolean compressed = value.contains("::");
        String body = value;
        int groups = 0;
        int lastColon = value.lastIndexOf(':');
        if (lastColon >= 0 && value.indexOf('.', lastColon) > 0) { // trailing IPv4, counts as two groups
            if (!isIpv4(value.substring(lastColon + 1))) {
                return false;
            }
            body = value.substring(0, lastColon + 1) + "0";
            groups++;
        }
        String[] halves = compressed ? body.split("::", -1) : new String[] {body};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String group : half.split(":", -1)) {
                if (!HEX_GROUP.matcher(group).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }
}
