package dev.pipeline.fetcher.task;

import dev.pipeline.fetcher.source.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A page's item array, found by its source's pointers, or why the page is malformed. */
sealed interface PageItems {

    /** Fields of the page named in a message, at most; enough to spot the array a pointer missed. */
    int FIELDS_SHOWN = 5;

    int NAME_SHOWN = 40;

    /** The items: the first pointer's array, or none at all. */
    record Found(JsonNode items) implements PageItems {}

    /** Said in the error, with what was found instead: kinds and field names only, never values. */
    record Malformed(String reason) implements PageItems {}

    /**
     * The first of the source's pointers that is an array. When none is: no items if the source
     * does not require them, else malformed. A body that is not an object or array is malformed.
     */
    static PageItems of(SourceDefinition source, JsonNode body) {
        for (String pointer : source.items()) {
            JsonNode node = body.at(pointer);
            if (node.isArray()) {
                return new Found(node);
            }
        }
        String pointers = source.items().stream().map(PageItems::label).collect(Collectors.joining(", "));
        if (!body.isContainer()) {
            return new Malformed(
                    "no item array at " + pointers + " (the page is " + kind(body) + ", not an object or array)");
        }
        if (!source.itemsRequired()) {
            return new Found(JsonNodeFactory.instance.arrayNode());
        }
        String found = source.items().stream()
                .map(pointer -> kind(body.at(pointer)) + " at " + label(pointer))
                .collect(Collectors.joining(", "));
        return new Malformed("no item array at " + pointers + " (found: " + found + "; " + page(body) + ")");
    }

    private static String label(String pointer) {
        return pointer.isEmpty() ? "the root" : pointer;
    }

    /** The page's top-level shape: its first fields and what each holds, or that it is an array. */
    private static String page(JsonNode body) {
        if (body.isArray()) {
            return "the page is an array";
        }
        if (body.isEmpty()) {
            return "the page is an empty object";
        }
        List<String> fields = new ArrayList<>();
        body.properties().stream()
                .limit(FIELDS_SHOWN)
                .forEach(field -> fields.add(shorten(field.getKey()) + ": " + kind(field.getValue())));
        int more = body.size() - fields.size();
        return "the page has " + String.join(", ", fields) + (more > 0 ? " and " + more + " more" : "");
    }

    private static String shorten(String name) {
        return name.length() <= NAME_SHOWN ? name : name.substring(0, NAME_SHOWN) + "…";
    }

    private static String kind(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.isArray() ? "an array" : "a value";
    }
}
