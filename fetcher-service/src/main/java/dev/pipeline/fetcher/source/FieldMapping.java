package dev.pipeline.fetcher.source;

import java.util.List;

/**
 * Where each product field comes from in an item. Each field is a fallback chain: the first
 * expression that yields a value wins. An expression is a JSON pointer ({@code /title}) or a
 * template of pointers ({@code {/first_name} {/last_name}}), which yields nothing if any part is missing.
 */
public record FieldMapping(List<String> id, List<String> title, List<String> price, List<String> category) {

    /** The original's mapping: {@code title}, else {@code name}, else {@code first_name last_name}. */
    public static final FieldMapping DEFAULT = new FieldMapping(null, null, null, null);

    public FieldMapping {
        id = orDefault(id, List.of("/id"));
        title = orDefault(title, List.of("/title", "/name", "{/first_name} {/last_name}"));
        price = orDefault(price, List.of("/price"));
        category = orDefault(category, List.of("/category"));
    }

    private static List<String> orDefault(List<String> chain, List<String> fallback) {
        return chain == null || chain.isEmpty() ? fallback : List.copyOf(chain);
    }
}
