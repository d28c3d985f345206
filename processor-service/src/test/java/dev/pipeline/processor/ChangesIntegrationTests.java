package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A report's {@code changes} end to end, on a real in-process broker: runs written as the fetchers
 * write them (a start with the products topic's end offsets, records, each source's task done), one
 * after the other, each reported by the processor. Every test has sources of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class ChangesIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    static Path output;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> output.toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
    }

    @Test
    void aRunAfterARunCountsWhatWasAddedRemovedAndRepricedOrRecategorised() throws Exception {
        JsonNode first = run(
                "run-full-1",
                T0,
                Map.of(),
                Map.of(
                        "full",
                        List.of(
                                item("1", 10.0, "a"),
                                item("2", 20.0, "a"),
                                item("3", 30.0, "a"),
                                item("4", 40.0, "a"),
                                item("5", 50.0, "a"))));

        assertThat(first.get("available").asBoolean()).isTrue();
        assertThat(first.get("reason").isNull()).isTrue();
        assertThat(first.get("against_run").isNull()).as("no earlier run").isTrue();
        assertThat(first.get("added").asLong()).isEqualTo(5);
        assertThat(first.get("removed").asLong()).isZero();
        assertThat(first.get("unchanged").asLong()).isZero();
        assertThat(first.at("/by_source/full/against_run").isNull()).isTrue();
        assertThat(first.get("largest_price_moves")).isEmpty();

        JsonNode second = run(
                "run-full-2",
                T0.plusSeconds(60),
                Map.of(),
                Map.of(
                        "full",
                        List.of(
                                item("1", 10.0, "a"), // unchanged
                                item("2", 25.0, "a"), // price up
                                item("3", 30.0, "b"), // category
                                item("4", 10.0, "b"), // both, price down
                                item("6", 60.0, "a")))); // new; 5 is gone

        assertThat(second.get("against_run").asString()).isEqualTo("run-full-1");
        assertThat(second.get("incremental")).isEmpty();
        assertThat(second.get("added").asLong()).isEqualTo(1);
        assertThat(second.get("removed").asLong()).isEqualTo(1);
        assertThat(second.get("price_changed").asLong()).isEqualTo(2);
        assertThat(second.get("category_changed").asLong()).isEqualTo(2);
        assertThat(second.get("unchanged").asLong()).isEqualTo(1);
        assertThat(second.get("unknown").asLong()).isZero();
        JsonNode full = second.at("/by_source/full");
        assertThat(full.get("against_run").asString()).isEqualTo("run-full-1");
        assertThat(full.get("incremental").asBoolean()).isFalse();
        assertThat(full.get("removed_ids")).extracting(JsonNode::asString).containsExactly("5");
        JsonNode moves = second.get("largest_price_moves");
        assertThat(moves).hasSize(2);
        assertThat(moves.get(0).get("id").asString()).isEqualTo("4");
        assertThat(moves.get(0).get("source").asString()).isEqualTo("full");
        assertThat(moves.get(0).get("title").asString()).isEqualTo("Item 4");
        assertThat(moves.get(0).get("from").decimalValue()).isEqualByComparingTo("40");
        assertThat(moves.get(0).get("to").decimalValue()).isEqualByComparingTo("10");
        assertThat(moves.get(0).get("change").decimalValue()).isEqualByComparingTo("-30");
        assertThat(moves.get(0).get("change_percent").decimalValue()).isEqualByComparingTo("-75");
        assertThat(moves.get(1).get("id").asString()).isEqualTo("2");
        assertThat(moves.get(1).get("change_percent").decimalValue()).isEqualByComparingTo("25");

        JsonNode third = run(
                "run-full-3",
                T0.plusSeconds(120),
                Map.of(),
                Map.of(
                        "full",
                        List.of(
                                item("1", 10.0, "a"),
                                item("2", 25.0, "a"),
                                item("3", 30.0, "b"),
                                item("4", 10.0, "b"),
                                item("6", 60.0, "a"))));
        assertThat(third.get("unchanged").asLong()).isEqualTo(5);
        assertThat(third.get("removed").asLong())
                .as("5 was counted removed by the run before; not again")
                .isZero();
    }

    /**
     * An incremental run fetches only what changed: nothing it did not fetch is removed, and each
     * item it fetched is compared with its own last state, however many runs ago that was.
     */
    @Test
    void incrementalRunsReportNoRemovalsAndCompareEachItemWithItsOwnLastState() throws Exception {
        run(
                "run-inc-1",
                T0,
                Map.of(),
                Map.of(
                        "inc",
                        List.of(item("1", 1.0, "a"), item("2", 2.0, "a"), item("3", 3.0, "a"), item("4", 4.0, "a"))));

        JsonNode second = run(
                "run-inc-2",
                T0.plusSeconds(60),
                Map.of("inc", "2026-11-01T10:00:00Z"),
                Map.of("inc", List.of(item("2", 2.5, "a"))));
        assertThat(second.get("incremental")).extracting(JsonNode::asString).containsExactly("inc");
        assertThat(second.at("/by_source/inc/incremental").asBoolean()).isTrue();
        assertThat(second.get("price_changed").asLong()).isEqualTo(1);
        assertThat(second.get("removed").asLong())
                .as("1, 3 and 4 were not fetched, not removed")
                .isZero();
        assertThat(second.get("added").asLong()).isZero();

        JsonNode third = run(
                "run-inc-3",
                T0.plusSeconds(120),
                Map.of("inc", "2026-11-01T10:01:00Z"),
                Map.of("inc", List.of(item("2", 3.0, "a"), item("3", 3.0, "c"), item("5", 5.0, "a"))));
        assertThat(third.get("price_changed").asLong())
                .as("2 against run 2's 2.5")
                .isEqualTo(1);
        assertThat(third.get("largest_price_moves").get(0).get("from").decimalValue())
                .isEqualByComparingTo("2.5");
        assertThat(third.get("category_changed").asLong())
                .as("3 against run 1's state")
                .isEqualTo(1);
        assertThat(third.get("added").asLong()).isEqualTo(1);
        assertThat(third.get("removed").asLong()).isZero();

        // Fetched whole again: 4, last seen by the last whole run (1), and 1 are gone; 2, 3 and 5 are there.
        JsonNode fourth = run(
                "run-inc-4",
                T0.plusSeconds(180),
                Map.of(),
                Map.of("inc", List.of(item("2", 3.0, "a"), item("3", 3.0, "c"), item("5", 5.0, "a"))));
        assertThat(fourth.get("removed").asLong()).isEqualTo(2);
        assertThat(fourth.at("/by_source/inc/removed_ids"))
                .extracting(JsonNode::asString)
                .containsExactly("1", "4");
        assertThat(fourth.get("unchanged").asLong()).isEqualTo(3);
        assertThat(fourth.get("against_run").asString()).isEqualTo("run-inc-3");
    }

    /** Each source is counted apart, and a source the run fetched that published nothing lost every item. */
    @Test
    void countsAreKeptPerSourceAndASourceThatPublishedNothingLostItsItems() throws Exception {
        run(
                "run-two-1",
                T0,
                Map.of(),
                Map.of(
                        "left", List.of(item("1", 1.0, "a"), item("2", 2.0, "a")),
                        "right", List.of(item("x", 9.0, "a"))));

        JsonNode second = run(
                "run-two-2",
                T0.plusSeconds(60),
                Map.of(),
                Map.of(
                        "left", List.of(item("1", 1.0, "a"), item("2", 2.0, "a"), item("3", 3.0, "a")),
                        "right", List.of()));

        assertThat(second.at("/by_source/left/added").asLong()).isEqualTo(1);
        assertThat(second.at("/by_source/left/unchanged").asLong()).isEqualTo(2);
        assertThat(second.at("/by_source/left/removed").asLong()).isZero();
        assertThat(second.at("/by_source/right/removed").asLong()).isEqualTo(1);
        assertThat(second.at("/by_source/right/removed_ids/0").asString()).isEqualTo("x");
        assertThat(second.get("added").asLong()).isEqualTo(1);
        assertThat(second.get("removed").asLong()).isEqualTo(1);
    }

    @Test
    void aRunWhoseStartNamesNoOffsetsSaysItsChangesAreUnavailableAndWhy() throws Exception {
        JsonNode changes = run("run-no-offsets", T0, Map.of(), Map.of("blind", List.of(item("1", 1.0, "a"))), false);

        assertThat(changes.get("available").asBoolean()).isFalse();
        assertThat(changes.get("reason").asString()).contains("start");
        assertThat(changes.get("added").isNull()).isTrue();
        assertThat(changes.get("by_source")).isEmpty();
    }

    // ---- writing runs ----

    record Item(String id, Double price, String category) {}

    static Item item(String id, Double price, String category) {
        return new Item(id, price, category);
    }

    private JsonNode run(String runId, Instant startedAt, Map<String, String> cursors, Map<String, List<Item>> items)
            throws Exception {
        return run(runId, startedAt, cursors, items, true);
    }

    /** The run written as the fetchers write it, and its report's {@code changes} once it is reported. */
    private JsonNode run(
            String runId,
            Instant startedAt,
            Map<String, String> cursors,
            Map<String, List<Item>> items,
            boolean withOffsets)
            throws Exception {
        List<String> sources = items.keySet().stream().sorted().toList();
        try (var kafka = new Producer(broker)) {
            Map<Integer, Long> start = withOffsets ? endOffsets() : Map.of();
            RunEvent.Started plain = TaskRuns.started(runId, sources, startedAt, start);
            kafka.event(new RunEvent.Started(
                    runId, sources, startedAt, plain.startOffsets(), plain.tasks(), Map.of(), cursors));
            for (String source : sources) {
                Map<Integer, Long> last = new HashMap<>();
                for (Item item : items.get(source)) {
                    var sent = kafka.product(new ProductRecord(
                            ProductRecord.CURRENT_VERSION,
                            runId,
                            source,
                            item.id(),
                            "Item " + item.id(),
                            item.price(),
                            item.category(),
                            "http://upstream/" + source,
                            startedAt,
                            Map.of()));
                    last.merge(
                            sent.getRecordMetadata().partition(),
                            sent.getRecordMetadata().offset(),
                            Math::max);
                }
                int count = items.get(source).size();
                kafka.event(TaskRuns.done(runId, source, new SourceStats(1, 1, 0, 0, count, 0), last, count));
            }
        }
        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode written = ReportSchema.readReport(report);
        assertThat(new ArrayList<>(written.propertyNames()))
                .containsExactly("summary", "changes", "products", "errors", "metrics");
        return written.get("changes");
    }

    private Map<Integer, Long> endOffsets() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PRODUCTS).stream()
                    .map(info -> new TopicPartition(Topics.PRODUCTS, info.partition()))
                    .toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
            return ends;
        }
    }

    /** A producer as the fetcher's: JSON values without type headers. */
    private static final class Producer implements AutoCloseable {
        private final KafkaTemplate<String, Object> json;

        Producer(EmbeddedKafkaBroker broker) {
            Map<String, Object> props = KafkaTestUtils.producerProps(broker);
            this.json = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        }

        org.springframework.kafka.support.SendResult<String, Object> product(ProductRecord product) throws Exception {
            return json.send(Topics.PRODUCTS, product.key(), product).get();
        }

        void event(RunEvent event) throws Exception {
            json.send(Topics.RUNS, event.runId(), event).get();
        }

        @Override
        public void close() {
            json.destroy();
        }
    }
}
