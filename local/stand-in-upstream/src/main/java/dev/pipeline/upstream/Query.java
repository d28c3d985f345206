package dev.pipeline.upstream;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's query parameters, with the number parsing every endpoint needs. */
final class Query {

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static Query of(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!name.isEmpty()) {
                    values.putIfAbsent(name, value); // the first of repeated names wins
                }
            }
        }
        return new Query(values);
    }

    boolean has(String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    /**
     * The whole-number parameter {@code name}, or {@code fallback} when absent or blank.
     *
     * @throws BadRequest when it is not a whole number or is below {@code min}
     */
    int integer(String name, int fallback, int min) {
        if (!has(name)) {
            return fallback;
        }
        String value = values.get(name).strip();
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min) {
            throw new BadRequest(name + " must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }

    /** The parameter {@code name}, stripped; call only when {@link #has} says it is there. */
    String text(String name) {
        return values.get(name).strip();
    }

    Map<String, String> asMap() {
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed query string");
        }
    }
}
