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
import java.util.List;
import java.util.Map;
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
 * An instance without a catalogue ({@code pipeline.processor.catalog.enabled=false}) still writes
 * every report whole; its {@code changes} say they are unavailable and why, with no count at all,
 * and still name the run's incremental sources.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
@ClosedBeforeItsDirectory
class ChangesWithoutCatalogIntegrationTests {

    @TempDir
    static Path output;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pipeline.processor.output-dir", () -> output.toString());
        registry.add("pipeline.processor.work-dir", () -> output.resolve("work").toString());
        registry.add("pipeline.processor.catalog.enabled", () -> "false");
    }

    @Test
    void theChangesSayTheyAreUnavailableBecauseThereIsNoCatalogue() throws Exception {
        String runId = "run-no-catalogue";
        Instant startedAt = Instant.parse("2026-11-01T10:00:00Z");
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                props, new StringSerializer(), new JacksonJsonSerializer<>().noTypeInfo()));
        try {
            kafka.send(
                            Topics.RUNS,
                            runId,
                            new RunEvent.Started(
                                    runId,
                                    List.of("shop"),
                                    startedAt,
                                    Map.of(0, 0L),
                                    List.of("shop:p0"),
                                    Map.of(),
                                    Map.of("shop", "2026-10-31T00:00:00Z")))
                    .get();
            var sent = kafka.send(
                            Topics.PRODUCTS,
                            "shop:1",
                            new ProductRecord(
                                    ProductRecord.CURRENT_VERSION,
                                    runId,
                                    "shop",
                                    "1",
                                    "Item 1",
                                    1.0,
                                    "c",
                                    "http://upstream/shop",
                                    startedAt,
                                    Map.of()))
                    .get();
            kafka.send(
                            Topics.RUNS,
                            runId,
                            TaskRuns.done(
                                    runId,
                                    "shop",
                                    new SourceStats(1, 1, 0, 0, 1, 0),
                                    Map.of(0, sent.getRecordMetadata().offset()),
                                    1))
                    .get();
        } finally {
            kafka.destroy();
        }

        Path report = output.resolve(runId + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        JsonNode written = ReportSchema.readReport(report);
        JsonNode changes = written.get("changes");
        assertThat(changes.get("available").asBoolean()).isFalse();
        assertThat(changes.get("reason").asString()).contains("pipeline.processor.catalog.enabled is false");
        for (String count : List.of("added", "removed", "price_changed", "category_changed", "unchanged", "unknown")) {
            assertThat(changes.get(count).isNull()).as(count).isTrue();
        }
        assertThat(changes.get("incremental")).extracting(JsonNode::asString).containsExactly("shop");
        assertThat(written.get("summary").get("total_products").asLong()).isEqualTo(1);
    }
}
