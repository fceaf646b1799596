package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.registry.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the body of Palette's pack search, {@code {"filter": {...}, "sort": [{"field": "name", "order": "asc"}]}},
 * into a {@link SearchRequest} over packs. Every key is checked: a misspelt filter would otherwise silently widen
 * the result, so an unknown key is a 400 that names it.
 */
final class PaletteQuery {

    private static final Set<String> TOP = Set.of("filter", "sort");
    private static final Set<String> FILTERS = Set.of("name", "type", "addOnType", "environment", "registryUid",
            "source", "state", "fips");
    private static final Map<String, SearchRequest.NameMatch.Kind> NAME_MATCHES = Map.of(
            "eq", SearchRequest.NameMatch.Kind.EQ,
            "contains", SearchRequest.NameMatch.Kind.CONTAINS,
            "beginsWith", SearchRequest.NameMatch.Kind.BEGINS_WITH);

    private PaletteQuery() {
    }

    static SearchRequest parse(JsonNode body, int offset, int limit) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object like {\"filter\": {...}, \"sort\": [...]}");
        }
        checkKeys(body, TOP, "the body");
        JsonNode filter = body.path("filter");
        if (!filter.isMissingNode() && !filter.isNull() && !filter.isObject()) {
            throw ApiException.badRequest("filter must be an object with any of " + String.join(", ", sorted(FILTERS)));
        }
        if (filter.isObject()) {
            checkKeys(filter, FILTERS, "filter");
        }
        Optional<SearchRequest.NameMatch> name = name(filter.path("name"));
        List<String> layers = strings(filter, "type", (where, value) -> SearchApi.layer(where, value));
        List<String> addonTypes = strings(filter, "addOnType", (where, value) -> value);
        List<String> clouds = strings(filter, "environment", (where, value) -> value);
        List<String> registries = strings(filter, "registryUid", (where, value) -> value);
        List<String> sources = strings(filter, "source", (where, value) -> value);
        List<String> states = strings(filter, "state", (where, value) -> SearchApi.state(where, value));
        Optional<Boolean> fips = Optional.empty();
        JsonNode fipsNode = filter.path("fips");
        if (fipsNode.isBoolean()) {
            fips = Optional.of(fipsNode.booleanValue());
        } else if (!fipsNode.isMissingNode() && !fipsNode.isNull()) {
            throw ApiException.badRequest("filter.fips must be true or false");
        }
        boolean descending = sortDescending(body.path("sort"));
        return new SearchRequest("", List.of(ItemType.PACK), layers, addonTypes, clouds, sources, states, fips,
                registries, name, offset, limit, true, descending);
    }

    private static Optional<SearchRequest.NameMatch> name(JsonNode name) {
        if (name.isMissingNode() || name.isNull()) {
            return Optional.empty();
        }
        if (name.isTextual()) {
            return Optional.of(new SearchRequest.NameMatch(SearchRequest.NameMatch.Kind.EQ, name.asText()));
        }
        if (!name.isObject()) {
            throw ApiException.badRequest("filter.name must be an object like {\"contains\": \"cert\"} with one of eq, "
                    + "contains, beginsWith");
        }
        Set<String> allowed = new java.util.HashSet<>(NAME_MATCHES.keySet());
        allowed.add("ignoreCase"); // Palette sends it; names are matched ignoring case anyway
        checkKeys(name, allowed, "filter.name");
        List<SearchRequest.NameMatch> matches = new ArrayList<>();
        NAME_MATCHES.forEach((key, kind) -> {
            JsonNode value = name.path(key);
            if (!value.isMissingNode()) {
                if (!value.isTextual()) {
                    throw ApiException.badRequest("filter.name." + key + " must be a string");
                }
                matches.add(new SearchRequest.NameMatch(kind, value.asText()));
            }
        });
        if (matches.size() != 1) {
            throw ApiException.badRequest("filter.name takes exactly one of eq, contains, beginsWith; it has "
                    + matches.size());
        }
        return Optional.of(matches.get(0));
    }

    /** A filter that takes one string or a list of strings, each checked by {@code check}. */
    private static List<String> strings(JsonNode filter, String key, BiFunction<String, String, String> check) {
        JsonNode node = filter.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(check.apply("filter." + key + "=" + node.asText(), node.asText()));
        } else if (node.isArray()) {
            for (JsonNode value : node) {
                if (!value.isTextual()) {
                    throw ApiException.badRequest("filter." + key + " must be a list of strings; it holds " + value);
                }
                values.add(check.apply("filter." + key + " value " + value.asText(), value.asText()));
            }
        } else {
            throw ApiException.badRequest("filter." + key + " must be a string or a list of strings");
        }
        return values;
    }

    private static boolean sortDescending(JsonNode sort) {
        if (sort.isMissingNode() || sort.isNull()) {
            return false;
        }
        if (!sort.isArray()) {
            throw ApiException.badRequest("sort must be a list like [{\"field\": \"name\", \"order\": \"asc\"}]");
        }
        boolean descending = false;
        for (JsonNode by : sort) {
            if (!by.isObject()) {
                throw ApiException.badRequest("each sort entry must be an object like {\"field\": \"name\", \"order\": \"asc\"}");
            }
            checkKeys(by, Set.of("field", "order"), "sort entry");
            String field = by.path("field").asText("");
            if (!field.equals("name")) {
                throw ApiException.badRequest("sort field '" + field + "' is not supported; sort by name");
            }
            String order = by.path("order").asText("asc");
            if (!order.equals("asc") && !order.equals("desc")) {
                throw ApiException.badRequest("sort order '" + order + "' must be asc or desc");
            }
            descending = order.equals("desc");
        }
        return descending;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw ApiException.badRequest("unknown key '" + key + "' in " + where + "; use "
                        + String.join(", ", sorted(allowed)));
            }
        });
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
