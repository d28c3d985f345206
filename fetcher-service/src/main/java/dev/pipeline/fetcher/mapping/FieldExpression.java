package dev.pipeline.fetcher.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.StringNode;

/**
 * One way to read a field from an item: a JSON pointer ({@code /title}) or a template of pointers
 * ({@code {/first_name} {/last_name}}). Compiled once for each {@link ItemMapper} (one per fetch task
 * or upload), applied to every item it maps.
 */
sealed interface FieldExpression {

    Pattern PLACEHOLDER = Pattern.compile("\\{(/[^}]*)}");

    /** The value, or a missing node when the item has none (null and blank count as none). */
    JsonNode read(JsonNode item);

    static FieldExpression parse(String expression) {
        if (expression.startsWith("/") || expression.isEmpty()) {
            return new Pointer(JsonPointer.compile(expression));
        }
        Matcher placeholders = PLACEHOLDER.matcher(expression);
        List<String> literals = new ArrayList<>();
        List<JsonPointer> pointers = new ArrayList<>();
        int end = 0;
        while (placeholders.find()) {
            literals.add(expression.substring(end, placeholders.start()));
            pointers.add(JsonPointer.compile(placeholders.group(1)));
            end = placeholders.end();
        }
        if (pointers.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + expression + "' is neither a JSON pointer (/field) nor a template ({/field} ...)");
        }
        literals.add(expression.substring(end));
        return new Template(List.copyOf(literals), List.copyOf(pointers));
    }

    private static boolean isAbsent(JsonNode node) {
        return node.isMissingNode()
                || node.isNull()
                || (node.isString() && node.stringValue().isBlank());
    }

    /** Compiled once: {@code JsonNode.at(String)} would parse the pointer again for every item. */
    record Pointer(JsonPointer pointer) implements FieldExpression {
        @Override
        public JsonNode read(JsonNode item) {
            JsonNode node = item.at(pointer);
            return isAbsent(node) ? MissingNode.getInstance() : node;
        }
    }

    /** Yields nothing unless every placeholder has a value, as the original's name fallback did. */
    record Template(List<String> literals, List<JsonPointer> pointers) implements FieldExpression {
        @Override
        public JsonNode read(JsonNode item) {
            StringBuilder text = new StringBuilder(literals.getFirst());
            for (int i = 0; i < pointers.size(); i++) {
                JsonNode part = item.at(pointers.get(i));
                if (isAbsent(part) || part.isContainer()) {
                    return MissingNode.getInstance();
                }
                text.append(part.asString()).append(literals.get(i + 1));
            }
            return StringNode.valueOf(text.toString());
        }
    }
}
