package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published schemas: they accept what the format's code writes, reject what it does not (so
 * the validation every test's report goes through can fail), and name exactly the keys of
 * {@link ReportKeys}.
 */
class ReportSchemaTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void acceptsAReportWithRowsAsReportRowsWritesThem() throws IOException {
        Path file = Files.writeString(directory.resolve("run-1.json"), JSON.writeValueAsString(report()));

        assertThat(ReportSchema.readReport(file).path(ReportKeys.PRODUCTS)).hasSize(2);
    }

    @Test
    void acceptsTheReportOfAFailedReportWhoseFiguresAreLeftOut() {
        ObjectNode report = report();
        metrics(report).putNull(ReportKeys.Metrics.PRICE_METRICS);
        metrics(report).putNull(ReportKeys.Metrics.CATEGORY_DISTRIBUTION);

        assertThat(ReportSchema.reportProblems(report)).isEmpty();
    }

    @Test
    void acceptsTheQualitySectionOfARunWithGatesAndRejectsAGateItDoesNotKnow() {
        ObjectNode report = report();
        ObjectNode quality = JSON.createObjectNode().put(ReportKeys.Quality.DEGRADED, true);
        quality.putArray(ReportKeys.Quality.GATES)
                .add(JSON.createObjectNode()
                        .put(ReportKeys.Gate.SOURCE, "shop")
                        .put(ReportKeys.Gate.GATE, "min_items")
                        .put(ReportKeys.Gate.EXPECTED, 10)
                        .put(ReportKeys.Gate.ACTUAL, 2)
                        .put(ReportKeys.Gate.PASSED, false)
                        .put(ReportKeys.Gate.DETAIL, "2 products, at least 10 expected"))
                .add(JSON.createObjectNode()
                        .put(ReportKeys.Gate.SOURCE, "shop")
                        .put(ReportKeys.Gate.GATE, "max_drop_vs_last_run")
                        .put(ReportKeys.Gate.EXPECTED, 0.5)
                        .putNull(ReportKeys.Gate.ACTUAL)
                        .put(ReportKeys.Gate.PASSED, true)
                        .put(ReportKeys.Gate.DETAIL, "no previous run"));
        report.set(ReportKeys.QUALITY, quality);

        assertThat(ReportSchema.reportProblems(report)).isEmpty();
        ((ObjectNode) quality.get(ReportKeys.Quality.GATES).get(0)).put(ReportKeys.Gate.GATE, "max_items");
        assertThat(ReportSchema.reportProblems(report))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Gate.GATE));
    }

    @Test
    void acceptsTheChangesSectionAvailableOrNotAndRejectsACountOfTheWrongType() {
        ObjectNode report = report();
        ObjectNode changes = report.putObject(ReportKeys.CHANGES)
                .put(ReportKeys.Changes.AVAILABLE, true)
                .putNull(ReportKeys.Changes.REASON)
                .put(ReportKeys.Changes.AGAINST_RUN, "run-0");
        changes.putArray(ReportKeys.Changes.INCREMENTAL);
        for (String count : List.of(
                ReportKeys.Changes.ADDED,
                ReportKeys.Changes.REMOVED,
                ReportKeys.Changes.PRICE_CHANGED,
                ReportKeys.Changes.CATEGORY_CHANGED,
                ReportKeys.Changes.UNCHANGED,
                ReportKeys.Changes.UNKNOWN)) {
            changes.put(count, 1);
        }
        ObjectNode shop = changes.putObject(ReportKeys.Changes.BY_SOURCE).putObject("shop");
        shop.putNull(ReportKeys.SourceChanges.AGAINST_RUN).put(ReportKeys.SourceChanges.INCREMENTAL, false);
        for (String count : List.of(
                ReportKeys.SourceChanges.ADDED,
                ReportKeys.SourceChanges.REMOVED,
                ReportKeys.SourceChanges.PRICE_CHANGED,
                ReportKeys.SourceChanges.CATEGORY_CHANGED,
                ReportKeys.SourceChanges.UNCHANGED,
                ReportKeys.SourceChanges.UNKNOWN)) {
            shop.put(count, 1);
        }
        shop.putArray(ReportKeys.SourceChanges.REMOVED_IDS).add("7");
        changes.putArray(ReportKeys.Changes.LARGEST_PRICE_MOVES)
                .addObject()
                .put(ReportKeys.PriceMove.SOURCE, "shop")
                .put(ReportKeys.PriceMove.ID, "1")
                .put(ReportKeys.PriceMove.TITLE, "Lamp")
                .put(ReportKeys.PriceMove.FROM, 10)
                .put(ReportKeys.PriceMove.TO, 7.5)
                .put(ReportKeys.PriceMove.CHANGE, -2.5)
                .put(ReportKeys.PriceMove.CHANGE_PERCENT, -25);
        assertThat(ReportSchema.reportProblems(report)).isEmpty();

        ObjectNode unavailable = report.deepCopy();
        ObjectNode off = (ObjectNode) unavailable.get(ReportKeys.CHANGES);
        off.put(ReportKeys.Changes.AVAILABLE, false).put(ReportKeys.Changes.REASON, "no catalogue");
        off.putNull(ReportKeys.Changes.ADDED);
        assertThat(ReportSchema.reportProblems(unavailable)).isEmpty();

        shop.put(ReportKeys.SourceChanges.REMOVED, "1");
        assertThat(ReportSchema.reportProblems(report))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.SourceChanges.REMOVED));
    }

    @Test
    void rejectsAReportMissingARequiredField() {
        assertThat(problems(report -> summary(report).remove(ReportKeys.Summary.RUN_ID)))
                .anySatisfy(problem -> assertThat(problem).contains("required").contains(ReportKeys.Summary.RUN_ID));
        assertThat(problems(report -> report.remove(ReportKeys.METRICS)))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.METRICS));
        assertThat(problems(
                        report -> ((ObjectNode) report.get(ReportKeys.ERRORS).get(0)).remove(ReportKeys.Errors.KIND)))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Errors.KIND));
    }

    @Test
    void rejectsAReportWithAFieldOfTheWrongType() {
        assertThat(problems(report -> summary(report).put(ReportKeys.Summary.TOTAL_PRODUCTS, "2")))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Summary.TOTAL_PRODUCTS));
        assertThat(problems(report -> summary(report).put(ReportKeys.Summary.INCOMPLETE, 0)))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Summary.INCOMPLETE));
        assertThat(problems(report ->
                        ((ObjectNode) report.get(ReportKeys.PRODUCTS).get(0)).put(ReportKeys.Products.PRICE, "9.99")))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Products.PRICE));
        assertThat(problems(report -> summary(report).put(ReportKeys.Summary.STARTED_AT, "yesterday")))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Summary.STARTED_AT));
        assertThat(problems(report ->
                        ((ObjectNode) report.get(ReportKeys.ERRORS).get(0)).put(ReportKeys.Errors.KIND, "oops")))
                .anySatisfy(problem -> assertThat(problem).contains(ReportKeys.Errors.KIND));
    }

    @Test
    void rejectsKeysTheFormatDoesNotHaveWhereItIsClosed() {
        assertThat(problems(report -> report.put("extra", 1))).isNotEmpty();
        assertThat(problems(report -> summary(report).put("extra", 1))).isNotEmpty();
        assertThat(problems(
                        report -> ((ObjectNode) report.get(ReportKeys.ERRORS).get(0)).put("extra", "x")))
                .isNotEmpty();
        // A product's further fields are its attributes: strings only.
        assertThat(problems(
                        report -> ((ObjectNode) report.get(ReportKeys.PRODUCTS).get(0)).put("colour", "red")))
                .isEmpty();
        assertThat(problems(
                        report -> ((ObjectNode) report.get(ReportKeys.PRODUCTS).get(0)).putObject("colour")))
                .isNotEmpty();
    }

    @Test
    void aFileThatDoesNotMatchFailsTheTestThatReadsIt() throws IOException {
        Path file = Files.writeString(directory.resolve("run-1.json"), "{\"summary\": {\"run_id\": \"run-1\"}}");

        assertThatThrownBy(() -> ReportSchema.readReport(file))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not match report.schema.json")
                .hasMessageContaining("total_products");
    }

    @Test
    void acceptsMarkersAsAbandonedMarkerWritesThemAndRejectsOthers() throws IOException {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ObjectNode idle = marker(new AbandonedMarker("run-1", "quiet", now, now.minusSeconds(60), 3, 1));
        ObjectNode refused = marker(new AbandonedMarker("run-2", "refused", now, null, 0, 0));
        Path file = Files.writeString(directory.resolve("run-1.abandoned"), JSON.writeValueAsString(idle));

        assertThat(ReportSchema.readMarker(file).path(ReportKeys.Marker.STATE).asString())
                .isEqualTo(ReportState.ABANDONED.name());
        assertThat(ReportSchema.markerProblems(refused)).isEmpty();
        assertThat(ReportSchema.markerProblems(idle.deepCopy().put(ReportKeys.Marker.STATE, "OPEN")))
                .isNotEmpty();
        ObjectNode withoutReason = idle.deepCopy();
        withoutReason.remove(ReportKeys.Marker.REASON);
        assertThat(ReportSchema.markerProblems(withoutReason))
                .anySatisfy(problem -> assertThat(problem).contains("reason"));
    }

    @Test
    void aMarkerReadsBackAsItWasWritten() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        AbandonedMarker written = new AbandonedMarker("run-1", "quiet", now, null, 3, 1);

        assertThat(AbandonedMarker.of(marker(written), "run-1")).contains(written);
        assertThat(AbandonedMarker.of(marker(written), "run-2"))
                .as("names another run")
                .isEmpty();
    }

    @Test
    void theSchemasNameExactlyTheKeysOfReportKeysAndRequireEachOne() throws IOException {
        JsonNode report = schema("report.schema.json");
        JsonNode product = report.at("/$defs/product");
        JsonNode error = report.at("/$defs/error");
        JsonNode metrics = report.at("/properties/metrics");
        JsonNode quality = report.at("/properties/quality");
        JsonNode changes = report.at("/properties/changes");
        Map<Class<?>, JsonNode> objects = Map.ofEntries(
                Map.entry(ReportKeys.Changes.class, changes),
                Map.entry(ReportKeys.SourceChanges.class, changes.at("/properties/by_source/additionalProperties")),
                Map.entry(ReportKeys.PriceMove.class, changes.at("/properties/largest_price_moves/items")),
                Map.entry(ReportKeys.Quality.class, quality),
                Map.entry(ReportKeys.Gate.class, quality.at("/properties/gates/items")),
                Map.entry(ReportKeys.class, report),
                Map.entry(ReportKeys.Summary.class, report.at("/properties/summary")),
                Map.entry(ReportKeys.Products.class, product),
                Map.entry(ReportKeys.Errors.class, error),
                Map.entry(ReportKeys.Metrics.class, metrics),
                Map.entry(ReportKeys.Prices.class, metrics.at("/properties/price_metrics/oneOf/1")),
                Map.entry(ReportKeys.SourceStats.class, metrics.at("/properties/source_stats/additionalProperties")),
                Map.entry(ReportKeys.Marker.class, schema("abandoned.schema.json")));
        assertThat(objects.keySet())
                .as("every group of keys is checked")
                .hasSize(ReportKeys.class.getDeclaredClasses().length + 1)
                .contains(ReportKeys.class.getDeclaredClasses());
        objects.forEach((keys, object) -> {
            assertThat(names(object.get("properties"))).as(keys.getSimpleName()).isEqualTo(constants(keys));
            Set<String> required = new TreeSet<>(constants(keys));
            if (keys == ReportKeys.class) {
                required.remove(ReportKeys.QUALITY); // only in the report of a run with quality gates
                required.remove(ReportKeys.CHANGES); // not in a report written before it was added
            }
            assertThat(new TreeSet<>(strings(object.get("required"))))
                    .as(keys.getSimpleName())
                    .isEqualTo(required);
        });
    }

    @Test
    void theSchemasErrorKindsAreErrorKindsWireNames() throws IOException {
        List<String> kinds = strings(schema("report.schema.json").at("/$defs/error/properties/kind/enum"));

        assertThat(kinds)
                .containsExactlyElementsOf(Arrays.stream(ErrorKind.values())
                        .map(ErrorKind::wireName)
                        .toList());
    }

    @Test
    void theMarkersStateIsReportStatesAbandoned() throws IOException {
        JsonNode state = schema("abandoned.schema.json").at("/properties/state");

        assertThat(names(state)).as("the schema allows one value only").containsExactly("const");
        assertThat(ReportState.parse(state.get("const").asString())).contains(ReportState.ABANDONED);
    }

    /** A report in the shape the processor writes, with one product row and two error rows from ReportRows. */
    private static ObjectNode report() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        ObjectNode report = JSON.createObjectNode();
        ObjectNode summary = report.putObject(ReportKeys.SUMMARY)
                .put(ReportKeys.Summary.RUN_ID, "run-1")
                .put(ReportKeys.Summary.TOTAL_PRODUCTS, 2)
                .put(ReportKeys.Summary.TOTAL_ERRORS, 2)
                .put(ReportKeys.Summary.PROCESSING_TIME_SECONDS, 1.25)
                .put(ReportKeys.Summary.SUCCESS_RATE, 0.5);
        summary.putArray(ReportKeys.Summary.SOURCES).add("shop");
        summary.put(ReportKeys.Summary.STARTED_AT, at.toString())
                .put(ReportKeys.Summary.FINISHED_AT, "2026-11-23T10:00:01.25Z")
                .put(ReportKeys.Summary.INCOMPLETE, false)
                .put(ReportKeys.Summary.MISSING_RECORDS, 0);
        ArrayNode products = report.putArray(ReportKeys.PRODUCTS);
        products.add(row(out -> ReportRows.writeProduct(
                out,
                new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        "run-1",
                        "shop",
                        "1",
                        "Thing",
                        9.99,
                        "toys",
                        "http://upstream/shop",
                        at,
                        Map.of("colour", "red")),
                at)));
        products.add(row(out -> ReportRows.writeProduct(
                out,
                new ProductRecord(
                        ProductRecord.CURRENT_VERSION,
                        "run-1",
                        "shop",
                        "2",
                        "Other thing",
                        null,
                        null,
                        "http://upstream/shop",
                        null,
                        Map.of()),
                at)));
        ArrayNode errors = report.putArray(ReportKeys.ERRORS);
        errors.add(JSON.readTree(ReportRows.error(new ReportRows.ErrorRow(
                "http://upstream/shop?page=2", "HTTP 500", at, "shop", ErrorKind.HTTP_ERROR.wireName(), 3))));
        errors.add(row(out -> ReportRows.writeError(
                out,
                new ReportRows.ErrorRow(
                        "kafka:pipeline.products-0@7",
                        "unreadable record: no value",
                        null,
                        null,
                        ErrorKind.UNREADABLE_RECORD.wireName(),
                        0))));
        ObjectNode metrics = report.putObject(ReportKeys.METRICS);
        metrics.putObject(ReportKeys.Metrics.PRICE_METRICS)
                .put(ReportKeys.Prices.MIN_PRICE, 9.99)
                .put(ReportKeys.Prices.MAX_PRICE, 9.99)
                .put(ReportKeys.Prices.AVERAGE_PRICE, 9.99)
                .put(ReportKeys.Prices.MEDIAN_PRICE, 9.99)
                .put(ReportKeys.Prices.VALID_PRICE_COUNT, 1);
        metrics.putObject(ReportKeys.Metrics.CATEGORY_DISTRIBUTION)
                .put("toys", 1)
                .put("unknown", 1);
        metrics.putObject(ReportKeys.Metrics.SOURCE_REQUEST_COUNTS).put("shop", 4);
        metrics.putObject(ReportKeys.Metrics.SOURCE_STATS)
                .putObject("shop")
                .put(ReportKeys.SourceStats.REQUESTS, 4)
                .put(ReportKeys.SourceStats.SUCCEEDED, 1)
                .put(ReportKeys.SourceStats.FAILED, 3)
                .put(ReportKeys.SourceStats.RETRIED, 2)
                .put(ReportKeys.SourceStats.ITEMS, 2)
                .put(ReportKeys.SourceStats.INVALID_ITEMS, 0);
        return report;
    }

    private static List<String> problems(Consumer<ObjectNode> change) {
        ObjectNode report = report();
        assertThat(ReportSchema.reportProblems(report))
                .as("the report before the change")
                .isEmpty();
        change.accept(report);
        return ReportSchema.reportProblems(report);
    }

    private static ObjectNode summary(ObjectNode report) {
        return (ObjectNode) report.get(ReportKeys.SUMMARY);
    }

    private static ObjectNode metrics(ObjectNode report) {
        return (ObjectNode) report.get(ReportKeys.METRICS);
    }

    private static JsonNode row(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            writer.accept(out);
        }
        return JSON.readTree(bytes.toByteArray());
    }

    private static ObjectNode marker(AbandonedMarker marker) {
        return (ObjectNode) row(marker::write);
    }

    private static JsonNode schema(String name) throws IOException {
        try (var in = ReportKeys.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private static Set<String> constants(Class<?> keys) {
        Set<String> values = new TreeSet<>();
        for (Field field : keys.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }

    private static Set<String> names(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
