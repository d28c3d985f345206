package dev.pipeline.fetcher.source;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Where each product field comes from in an item. Each field is a fallback chain: the first
 * expression that yields a value wins. An expression is a JSON pointer ({@code /title}) or a
 * template of pointers ({@code {/first_name} {/last_name}}), which yields nothing if any part is missing.
 *
 * @param attributes further mapped fields, by name, each a chain as above: they become the
 *                   record's {@code attributes} (as text) and so the report's product rows, beside
 *                   the fields above. This is how a source chooses its report fields; everything
 *                   else the item holds travels in the record's {@code item}, not in the report.
 *                   A name is lower case ({@code [a-z][a-z0-9_]*}) and none of the row's own keys
 * @param item       what of the item as the API sent it the record carries, and its size cap
 */
public record FieldMapping(
        List<String> id,
        List<String> title,
        List<String> price,
        List<String> category,
        Map<String, List<String>> attributes,
        @Valid ItemShape item) {

    /** The original's mapping: {@code title}, else {@code name}, else {@code first_name last_name}. */
    public static final FieldMapping DEFAULT = new FieldMapping(null, null, null, null);

    /** The report row's own keys (ReportKeys.Products): an attribute of one of these names would print it twice. */
    private static final Set<String> ROW_KEYS =
            Set.of("id", "title", "source", "price", "category", "processed_at", "fetched_at");

    private static final java.util.regex.Pattern ATTRIBUTE_NAME =
            java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

    @ConstructorBinding
    public FieldMapping {
        id = orDefault(id, List.of("/id"));
        title = orDefault(title, List.of("/title", "/name", "{/first_name} {/last_name}"));
        price = orDefault(price, List.of("/price"));
        category = orDefault(category, List.of("/category"));
        // Ordered as configured (the report sorts them by name anyway).
        Map<String, List<String>> named = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, chain) -> named.put(name, chain == null ? List.of() : List.copyOf(chain)));
        }
        attributes = java.util.Collections.unmodifiableMap(named);
        item = item == null ? ItemShape.DEFAULT : item;
    }

    /** The product fields only: no attributes, the whole item within the default cap. */
    public FieldMapping(List<String> id, List<String> title, List<String> price, List<String> category) {
        this(id, title, price, category, null, null);
    }

    @AssertTrue(
            message = "attributes: each name must be lower case letters, digits and _ (starting with a letter),"
                    + " not one of the report row's own keys (id, title, source, price, category, processed_at,"
                    + " fetched_at), and have at least one expression")
    public boolean isAttributesNamed() {
        return attributes.entrySet().stream()
                .allMatch(
                        attribute -> ATTRIBUTE_NAME.matcher(attribute.getKey()).matches()
                                && !ROW_KEYS.contains(attribute.getKey())
                                && !attribute.getValue().isEmpty());
    }

    private static List<String> orDefault(List<String> chain, List<String> fallback) {
        return chain == null || chain.isEmpty() ? fallback : List.copyOf(chain);
    }
}
