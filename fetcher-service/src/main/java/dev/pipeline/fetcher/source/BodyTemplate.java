package dev.pipeline.fetcher.source;

import dev.pipeline.common.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A source's request body as configured ({@code body:}, or a {@code graphql:} query and its
 * variables): a YAML or JSON object, bound by Spring as nested maps, made JSON here. The binder
 * gives a list as a map keyed {@code 0..n-1} and a YAML {@code null} as {@code ""}; a map keyed
 * exactly so becomes an array again, and an empty string stays a string (leave a variable out
 * to send none).
 */
public final class BodyTemplate {

    /**
     * The most a request body may hold, as JSON: a query for a page is small, and a bound keeps a
     * runaway cursor (one the API sends back ever longer) from growing requests without end.
     */
    public static final int MAX_BYTES = 64 * 1024;

    private BodyTemplate() {}

    /** The bound map as a JSON object. */
    public static ObjectNode json(Map<String, Object> body) {
        return (ObjectNode) node(body);
    }

    /** The size of the bound map as JSON, in UTF-8 bytes. */
    public static int bytes(Map<String, Object> body) {
        return PipelineJson.mapper().writeValueAsString(json(body)).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether a string value anywhere in it holds {@code text}, such as {@code {cursor}}. */
    public static boolean mentions(Map<String, Object> body, String text) {
        return body.values().stream().anyMatch(value -> mentions(value, text));
    }

    private static boolean mentions(Object value, String text) {
        return switch (value) {
            case String string -> string.contains(text);
            case Map<?, ?> map -> map.values().stream().anyMatch(v -> mentions(v, text));
            case null, default -> false;
        };
    }

    /** A copy with {@code text} replaced by {@code replacement} in every string value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> replaced(Map<String, Object> body, String text, String replacement) {
        return (Map<String, Object>) replaced((Object) body, text, replacement);
    }

    private static Object replaced(Object value, String text, String replacement) {
        return switch (value) {
            case String string -> string.replace(text, replacement);
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), replaced(v, text, replacement)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case Map<?, ?> map
            when isList(map) -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = 0; i < map.size(); i++) {
                    array.add(node(map.get(Integer.toString(i))));
                }
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                map.forEach((k, v) -> object.set(String.valueOf(k), node(v)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(v -> array.add(node(v)));
                yield array;
            }
            default -> PipelineJson.mapper().valueToTree(value);
        };
    }

    /** A map keyed exactly 0..n-1 (n > 0): how the binder gives a YAML list. */
    private static boolean isList(Map<?, ?> map) {
        if (map.isEmpty()) {
            return false;
        }
        List<String> keys = new ArrayList<>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.contains(Integer.toString(i))) {
                return false;
            }
        }
        return true;
    }
}
