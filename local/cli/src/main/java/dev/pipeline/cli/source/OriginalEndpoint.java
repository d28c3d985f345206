package dev.pipeline.cli.source;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One of the original's endpoints: a {@code --url "URL|name|paged"} or an {@code args.json} entry
 * {@code {"url", "name", "paged", "headers"}}, paged in any form the original took
 * ({@link OriginalPaged}). The fetcher reads it back from a generated args file, paged a boolean.
 */
record OriginalEndpoint(String url, String name, boolean paged, Map<String, String> headers) {

    OriginalEndpoint {
        headers = Map.copyOf(headers);
    }

    /** {@code URL|name|paged}, as the original's {@code --url}; name and paged may be left out. */
    static OriginalEndpoint fromUrlOption(String option) {
        String[] parts = option.split("\\|", -1);
        if (parts.length > 3) {
            throw new InvalidSources("--url '" + option + "' has more than three '|'-separated parts (URL|name|paged)");
        }
        String url = parts[0].strip();
        if (!HttpUrls.isAbsoluteHttp(url)) {
            throw new InvalidSources("--url '" + option + "': '" + url + "' is not an absolute http(s) URL");
        }
        String name = parts.length > 1 ? parts[1].strip() : "";
        boolean paged;
        try {
            paged = parts.length > 2 && OriginalPaged.fromText(parts[2]);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSources("--url '" + option + "': paged " + ex.getMessage());
        }
        return new OriginalEndpoint(url, name, paged, Map.of());
    }

    /** One entry of an args file; {@code where} names it in messages, e.g. "--args-file a.json, entry 2". */
    static OriginalEndpoint fromArgsEntry(JsonNode entry, String where) {
        if (!entry.isObject()) {
            throw new InvalidSources(where + " is not an object {\"url\", \"name\", \"paged\", \"headers\"}");
        }
        JsonNode url = entry.path("url");
        if (!url.isString() || url.asString().isBlank()) {
            throw new InvalidSources(where + " has no \"url\"");
        }
        if (!HttpUrls.isAbsoluteHttp(url.asString().strip())) {
            throw new InvalidSources(where + ": \"url\" '" + url.asString() + "' is not an absolute http(s) URL");
        }
        JsonNode name = entry.path("name");
        if (!name.isMissingNode() && !name.isNull() && !name.isString()) {
            throw new InvalidSources(where + ": \"name\" must be a string");
        }
        boolean paged;
        try {
            paged = OriginalPaged.fromJson(entry.path("paged"));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSources(where + ": \"paged\" " + ex.getMessage());
        }
        return new OriginalEndpoint(url.asString().strip(), name.asString("").strip(), paged,
                headers(entry.path("headers"), where));
    }

    private static Map<String, String> headers(JsonNode headers, String where) {
        if (headers.isMissingNode() || headers.isNull()) {
            return Map.of();
        }
        if (!headers.isObject()) {
            throw new InvalidSources(where + ": \"headers\" must be an object of header names to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        headers.properties().forEach(header -> {
            if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                throw new InvalidSources(where + ": header \"" + header.getKey() + "\" must have a text value");
            }
            values.put(header.getKey(), header.getValue().asString());
        });
        return values;
    }

    /**
     * The source name the fetcher will use: the original's free-text name lower-cased, anything but
     * letters, digits, '-' and '_' made '-', {@code source-N} (N counting from 1) when nothing is left.
     */
    String sourceName(int index) {
        String cleaned = trimSeparators(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-"));
        if (cleaned.length() > 63) {
            cleaned = trimSeparators(cleaned.substring(0, 63));
        }
        return cleaned.isEmpty() ? "source-" + (index + 1) : cleaned;
    }

    /** A source name starts with a letter or digit; the fetcher would refuse one that does not. */
    private static String trimSeparators(String name) {
        return name.replaceAll("^[_-]+|[_-]+$", "");
    }

    /** The same endpoint under another name, e.g. the source name derived from its own. */
    OriginalEndpoint named(String sourceName) {
        return new OriginalEndpoint(url, sourceName, paged, headers);
    }

    /** The args-file entry the fetcher reads. */
    ObjectNode toArgsEntry() {
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
