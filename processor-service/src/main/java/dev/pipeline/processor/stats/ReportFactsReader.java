package dev.pipeline.processor.stats;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Summary;
import dev.pipeline.common.report.ReportParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a report as a stream of tokens ({@link ReportParser}): {@code summary}, {@code quality} and
 * {@code metrics} (small) as trees; {@code products} and {@code errors} (up to millions) one token at a time, keeping
 * only the count per {@code source} and skipping every other value unread. Memory does not grow with
 * the report.
 */
final class ReportFactsReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNKNOWN = "unknown";

    private ReportFactsReader() {}

    /** @throws ReportParser.NotAReport when the file is not a report */
    static ReportFacts read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** The same, from a stream (closed by the caller). */
    static ReportFacts read(InputStream report) throws IOException {
        try (JsonParser parser = JSON.createParser(report)) {
            Sections sections = new Sections();
            ReportParser.read(parser, sections);
            return sections.facts();
        }
    }

    /** What is kept of each section as it is read. */
    private static final class Sections implements ReportParser.Sections {

        private JsonNode summary;
        private JsonNode metrics;
        private boolean degraded;
        private Map<String, Long> products = Map.of();
        private Map<String, Long> errors = Map.of();

        @Override
        public void summary(JsonNode summary) {
            this.summary = summary;
        }

        @Override
        public void quality(JsonNode quality) {
            degraded = quality.path(ReportKeys.Quality.DEGRADED).asBoolean(false);
        }

        @Override
        public void products(JsonParser parser) {
            products = countBySource(parser, ReportKeys.Products.SOURCE);
        }

        @Override
        public void errors(JsonParser parser) {
            errors = countBySource(parser, ReportKeys.Errors.SOURCE);
        }

        @Override
        public void metrics(JsonNode metrics) {
            this.metrics = metrics;
        }

        ReportFacts facts() {
            List<String> sources = new ArrayList<>();
            summary.path(Summary.SOURCES).forEach(source -> sources.add(source.asString()));
            JsonNode requests = metrics == null ? null : metrics.get(Metrics.SOURCE_REQUEST_COUNTS);
            JsonNode categories = metrics == null ? null : metrics.get(Metrics.CATEGORY_DISTRIBUTION);
            return new ReportFacts(
                    summary.path(Summary.RUN_ID).asString(null),
                    ReportParser.instant(summary.get(Summary.STARTED_AT)),
                    summary.path(Summary.TOTAL_PRODUCTS).asLong(sum(products)),
                    summary.path(Summary.TOTAL_ERRORS).asLong(sum(errors)),
                    sources,
                    products,
                    errors,
                    counts(requests),
                    counts(categories),
                    degraded);
        }
    }

    /** With the parser on an array's start: counts its objects by their {@code source} (a string, at their top). */
    private static Map<String, Long> countBySource(JsonParser parser, String sourceKey) {
        Map<String, Long> counts = new HashMap<>();
        ReportParser.forEachObject(parser, row -> {
            String source = UNKNOWN;
            for (String name = row.nextName(); name != null; name = row.nextName()) {
                JsonToken value = row.nextToken();
                if (name.equals(sourceKey) && value == JsonToken.VALUE_STRING) {
                    source = row.getString();
                } else {
                    row.skipChildren();
                }
            }
            counts.merge(source, 1L, Long::sum);
        });
        return counts;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new HashMap<>();
        if (object != null && object.isObject()) {
            object.properties()
                    .forEach(
                            entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        }
        return counts;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
