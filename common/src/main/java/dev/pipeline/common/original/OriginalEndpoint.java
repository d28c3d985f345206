package dev.pipeline.common.original;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One of the original's endpoints: a {@code --url "URL|name|paged"} or an {@code args.json} entry
 * {@code {"url", "name", "paged", "headers"}}, paged in any form the original took
 * ({@link OriginalPaged}). The URL must be an absolute http(s) one ({@code {page}} and
 * {@code {skip}} allowed); the name is the original's free text, which {@link SourceNames#fromOriginal}
 * makes a source name.
 */
public record OriginalEndpoint(String url, String name, boolean paged, Map<String, String> headers) {

    public OriginalEndpoint {
        headers = Map.copyOf(headers);
    }

    /**
     * {@code URL|name|paged}, as the original's {@code --url}; name and paged may be left out.
     *
     * @throws InvalidSourceInput saying what is wrong, for the caller to name the option by
     */
    public static OriginalEndpoint fromUrlOption(String option) {
        String[] parts = option.split("\\|", -1);
        if (parts.length > 3) {
            throw InvalidSourceInput.itself("has more than three '|'-separated parts (URL|name|paged)");
        }
        String url = parts[0].strip();
        if (!HttpUrls.isSourceUrl(url)) {
            throw InvalidSourceInput.part("'" + url + "' is not an absolute http(s) URL");
        }
        String name = parts.length > 1 ? parts[1].strip() : "";
        boolean paged;
        try {
            paged = parts.length > 2 && OriginalPaged.fromText(parts[2]);
        } catch (IllegalArgumentException e) {
            throw InvalidSourceInput.part("paged " + e.getMessage(), e);
        }
        return new OriginalEndpoint(url, name, paged, Map.of());
    }

    /**
     * One entry of an args file.
     *
     * @throws InvalidSourceInput saying what is wrong, for the caller to name the entry by
     */
    public static OriginalEndpoint fromArgsEntry(JsonNode entry) {
        if (!entry.isObject()) {
            throw InvalidSourceInput.itself("is not an object {\"url\", \"name\", \"paged\", \"headers\"}");
        }
        JsonNode url = entry.path("url");
        if (!url.isString() || url.asString().isBlank()) {
            throw InvalidSourceInput.itself("has no \"url\"");
        }
        if (!HttpUrls.isSourceUrl(url.asString().strip())) {
            throw InvalidSourceInput.part("\"url\" '" + url.asString() + "' is not an absolute http(s) URL");
        }
        JsonNode name = entry.path("name");
        if (!name.isMissingNode() && !name.isNull() && !name.isString()) {
            throw InvalidSourceInput.part("\"name\" must be a string");
        }
        boolean paged;
        try {
            paged = OriginalPaged.fromJson(entry.path("paged"));
        } catch (IllegalArgumentException e) {
            throw InvalidSourceInput.part("\"paged\" " + e.getMessage(), e);
        }
        return new OriginalEndpoint(
                url.asString().strip(), name.asString("").strip(), paged, headers(entry.path("headers")));
    }

    private static Map<String, String> headers(JsonNode headers) {
        if (headers.isMissingNode() || headers.isNull()) {
            return Map.of();
        }
        if (!headers.isObject()) {
            throw InvalidSourceInput.part("\"headers\" must be an object of header names to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        headers.properties().forEach(header -> {
            if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                throw InvalidSourceInput.part("header \"" + header.getKey() + "\" must have a text value");
            }
            values.put(header.getKey(), header.getValue().asString());
        });
        return values;
    }

    /** The same endpoint under another name, e.g. the source name {@link MergedSources} gave it. */
    public OriginalEndpoint named(String sourceName) {
        return new OriginalEndpoint(url, sourceName, paged, headers);
    }

    /** As an args file's entry, paged a JSON boolean: what the CLI hands the fetcher. */
    public ObjectNode toArgsEntry() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("url", url);
        entry.put("name", name);
        entry.put("paged", paged);
        if (!headers.isEmpty()) {
            ObjectNode values = entry.putObject("headers");
            headers.forEach(values::put);
        }
        return entry;
    }
}
