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
 * A source's request body as configured ({@code body:} or {@code body-json:}, or a {@code graphql:}
 * query and its variables), held as an {@link Exact} tree: objects as {@link Exact} maps, arrays
 * as lists, {@code null} as null, the rest as JSON scalars.
 *
 * <p>JSON text ({@code body-json}, {@code graphql.variables-json}, a sources file's body) is parsed
 * as it is, so it arrives exactly as written. A YAML object ({@code body:}) is bound by Spring as
 * nested maps first, which cannot be exact: the binder gives a list as a map keyed {@code 0..n-1}
 * (made an array again here), drops characters such as {@code $} and {@code @} from keys, splits a
 * key at its dots and gives {@code null} and {@code []} as {@code ""}. {@link BodyPropertyNames}
 * refuses at startup what it can see would be changed so; dotted keys it cannot tell from nesting.
 */
public final class BodyTemplate {

    /**
     * The most a request body may hold, as JSON: a query for a page is small, and a bound keeps a
     * runaway cursor (one the API sends back ever longer) from growing requests without end.
     */
    public static final int MAX_BYTES = 64 * 1024;

    private BodyTemplate() {}

    /**
     * A JSON object of a body as it is sent: a map that is never read as the binder's form of a
     * list, so an object keyed {@code "0"} stays an object.
     */
    public static final class Exact extends LinkedHashMap<String, Object> {

        private static final long serialVersionUID = 1L;
    }

    /**
     * The body as JSON text: an object, or {@code null} when the text is not JSON or not an object
     * (which validation then names).
     */
    public static Exact parsed(String json) {
        try {
            JsonNode node = PipelineJson.mapper().readTree(json);
            return node != null && node.isObject() ? (Exact) exact(node) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object exact(JsonNode node) {
        if (node.isObject()) {
            Exact object = new Exact();
            node.properties().forEach(entry -> object.put(entry.getKey(), exact(entry.getValue())));
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>();
            node.forEach(element -> array.add(exact(element)));
            return array;
        }
        if (node.isNull()) {
            return null;
        }
        return PipelineJson.mapper().treeToValue(node, Object.class);
    }

    /**
     * A body as a tree of {@link Exact} objects: one already so is itself; a bound map (whose lists
     * are maps keyed {@code 0..n-1}) has its lists made arrays again.
     */
    public static Exact exact(Map<String, Object> body) {
        return body instanceof Exact exact ? exact : (Exact) fromBinder(body);
    }

    private static Object fromBinder(Object value) {
        return switch (value) {
            case Exact exact -> exact;
            case Map<?, ?> map
            when isList(map) -> {
                List<Object> array = new ArrayList<>();
                for (int i = 0; i < map.size(); i++) {
                    array.add(fromBinder(map.get(Integer.toString(i))));
                }
                yield array;
            }
            case Map<?, ?> map -> {
                Exact object = new Exact();
                map.forEach((k, v) -> object.put(String.valueOf(k), fromBinder(v)));
                yield object;
            }
            case List<?> list -> {
                List<Object> array = new ArrayList<>();
                list.forEach(v -> array.add(fromBinder(v)));
                yield array;
            }
            case null, default -> value;
        };
    }

    /** The body as a JSON object. */
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
            case List<?> list -> list.stream().anyMatch(v -> mentions(v, text));
            case null, default -> false;
        };
    }

    /** A copy with {@code text} replaced by {@code replacement} in every string value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> replaced(Map<String, Object> body, String text, String replacement) {
        return (Map<String, Object>) replaced((Object) exact(body), text, replacement);
    }

    private static Object replaced(Object value, String text, String replacement) {
        return switch (value) {
            case String string -> string.replace(text, replacement);
            case Map<?, ?> map -> {
                Exact copy = new Exact();
                map.forEach((k, v) -> copy.put(String.valueOf(k), replaced(v, text, replacement)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>();
                list.forEach(v -> copy.add(replaced(v, text, replacement)));
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
            when !(map instanceof Exact) && isList(map) -> {
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
