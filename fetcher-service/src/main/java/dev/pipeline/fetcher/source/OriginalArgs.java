package dev.pipeline.fetcher.source;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original's endpoints — an {@code args.json} entry {@code {"url","name","paged","headers"}}
 * or a {@code --url "URL|name|paged"} — as a source of this pipeline: {@code {page}} counts from
 * 1, {@code {skip}} advances by the items the previous page returned, an empty page ends it, and
 * items are the root array or under {@code data} or {@code products}. A page with none of those
 * (httpbin's echo, whose {@code data} is a string) is a page without items, as it was to the
 * original, not an error. {@code paged} is read in every form the original took ({@link OriginalPaged}).
 */
record OriginalArgs(String url, String name, boolean paged, Map<String, String> headers) {

    static final List<String> ITEMS = List.of("", "/data", "/products");

    static List<OriginalArgs> fromArgsFile(JsonNode file) {
        if (!file.isArray()) {
            throw new IllegalArgumentException("an args file is a JSON array of {\"url\", \"name\", \"paged\", \"headers\"}");
        }
        List<OriginalArgs> endpoints = new ArrayList<>();
        for (JsonNode entry : file) {
            String where = "args file entry " + endpoints.size();
            if (!entry.path("url").isString() || entry.path("url").asString().isBlank()) {
                throw new IllegalArgumentException(where + " has no \"url\"");
            }
            boolean paged;
            try {
                paged = OriginalPaged.fromJson(entry.path("paged"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": \"paged\" " + e.getMessage(), e);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            entry.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asString()));
            endpoints.add(new OriginalArgs(entry.get("url").asString(), entry.path("name").asString(""), paged, headers));
        }
        return endpoints;
    }

    /**
     * {@code URL|name|paged}, as the original's {@code --url}; name and paged may be left out.
     *
     * @throws IllegalArgumentException when paged is none of the forms the original took
     */
    static OriginalArgs fromUrlOption(String option) {
        String[] parts = option.split("\\|", -1);
        boolean paged;
        try {
            paged = parts.length > 2 && OriginalPaged.fromText(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("paged " + e.getMessage(), e);
        }
        return new OriginalArgs(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "", paged, Map.of());
    }

    /** The source's properties, relative to {@code pipeline.sources[i]}. */
    Map<String, Object> asSourceProperties(int index) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", sourceName(index));
        properties.put("url", url);
        for (int i = 0; i < ITEMS.size(); i++) {
            properties.put("items[" + i + "]", ITEMS.get(i));
        }
        properties.put("items-required", "false");
        boolean template = paged && (url.contains("{page}") || url.contains("{skip}"));
        properties.put("pagination.kind", template ? "template" : "none");
        headers.forEach((header, value) -> properties.put("headers[" + header + "]", value));
        return properties;
    }

    /** The original's names are free text; a source name is a short lower-case token. */
    private String sourceName(int index) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.isEmpty()) {
            cleaned = "source-" + (index + 1);
        }
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }
}
