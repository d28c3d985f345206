package dev.pipeline.processor.stats;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a report as a stream of tokens: {@code summary} and {@code metrics} (small) as trees;
 * {@code products} and {@code errors} (up to millions) one token at a time, keeping only the count
 * per {@code source} and skipping every other value unread. Memory does not grow with the report.
 */
final class ReportFactsReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNKNOWN = "unknown";

    private ReportFactsReader() {
    }

    /** @throws IllegalArgumentException when the file is not a report */
    static ReportFacts read(Path file) throws IOException {
        try (JsonParser parser = JSON.createParser(file)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonNode summary = null;
            JsonNode metrics = null;
            Map<String, Long> products = Map.of();
            Map<String, Long> errors = Map.of();
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                parser.nextToken();
                switch (name) {
                    case "summary" -> summary = parser.readValueAsTree();
                    case "metrics" -> metrics = parser.readValueAsTree();
                    case "products" -> products = countBySource(parser);
                    case "errors" -> errors = countBySource(parser);
                    default -> parser.skipChildren();
                }
            }
            if (summary == null || !summary.isObject()) {
                throw new IllegalArgumentException("no summary");
            }
            return facts(summary, metrics, products, errors);
        }
    }

    private static ReportFacts facts(JsonNode summary, JsonNode metrics, Map<String, Long> products,
                                     Map<String, Long> errors) {
        List<String> sources = new ArrayList<>();
        summary.path("sources").forEach(source -> sources.add(source.asString()));
        JsonNode requests = metrics == null ? null : metrics.get("source_request_counts");
        JsonNode categories = metrics == null ? null : metrics.get("category_distribution");
        return new ReportFacts(summary.path("run_id").asString(null), instant(summary.get("started_at")),
                summary.path("total_products").asLong(sum(products)), summary.path("total_errors").asLong(sum(errors)),
                sources, products, errors, counts(requests), counts(categories));
    }

    /** With the parser on an array's start: counts its objects by their {@code source}. */
    private static Map<String, Long> countBySource(JsonParser parser) {
        Map<String, Long> counts = new HashMap<>();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return counts;
        }
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String source = UNKNOWN;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (name.equals("source") && value == JsonToken.VALUE_STRING) {
                    source = parser.getString();
                } else {
                    parser.skipChildren();
                }
            }
            counts.merge(source, 1L, Long::sum);
        }
        return counts;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new HashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        }
        return counts;
    }

    private static Instant instant(JsonNode text) {
        if (text == null || !text.isString()) {
            return null;
        }
        try {
            return Instant.parse(text.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
