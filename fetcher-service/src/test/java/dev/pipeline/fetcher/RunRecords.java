package dev.pipeline.fetcher;

import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEnd;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunTasks;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.testing.ProductSchema;
import dev.pipeline.support.testing.CommittedRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Test support: trigger a run over REST, wait until it is fetched, and read back what it put on Kafka. */
public record RunRecords(List<ProductRecord> products, List<RunEvent> events) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static RunRecords run(int port, EmbeddedKafkaBroker broker, String... sources) throws Exception {
        String body = sources.length == 0 ? "" : "{\"sources\":[\"" + String.join("\",\"", sources) + "\"]}";
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("run not accepted: " + accepted.statusCode() + " " + accepted.body());
        }
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> HTTP.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/" + runId))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("\"state\":\"FETCHED\""));
        List<ProductRecord> products = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(broker, Topics.PRODUCTS)) {
            ProductRecord product = PipelineJson.mapper().readValue(record.value(), ProductRecord.class);
            if (product.runId().equals(runId)) {
                // Every record a run of these tests writes matches the published schema of the topic's values.
                ProductSchema.assertValid(record.value());
                products.add(product);
            }
        }
        List<RunEvent> events = readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
        return new RunRecords(products, events);
    }

    public List<RunEvent.FetchFailed> errors() {
        return events.stream()
                .filter(RunEvent.FetchFailed.class::isInstance)
                .map(RunEvent.FetchFailed.class::cast)
                .toList();
    }

    /** The source's stats: summed over its tasks (the first {@code TaskDone} of each). */
    public SourceStats stats(String source) {
        return statsOf(events).get(source);
    }

    public static Map<String, SourceStats> statsOf(List<RunEvent> events) {
        Map<String, SourceStats> stats = new java.util.TreeMap<>();
        RunTasks tasks = new RunTasks();
        for (RunEvent event : events) {
            if (event instanceof RunEvent.TaskDone done && tasks.done(done)) {
                stats.merge(done.source(), done.stats(), SourceStats::plus);
            }
        }
        return stats;
    }

    /** The run's end: what its tasks add up to once all are done, as {@link RunTasks} says. */
    public static RunEnd endOf(List<RunEvent> events) {
        RunTasks tasks = new RunTasks();
        for (RunEvent event : events) {
            switch (event) {
                case RunEvent.Started started -> tasks.started(started.tasks());
                case RunEvent.TaskDone done -> tasks.done(done);
                default -> {}
            }
        }
        return tasks.end(events.getFirst().runId());
    }

    public List<String> ids() {
        return products.stream().map(ProductRecord::externalId).toList();
    }

    public Map<String, ProductRecord> byKey() {
        return products.stream().collect(Collectors.toMap(ProductRecord::key, p -> p, (a, b) -> b));
    }

    /** The topic's committed records, once the transactions that wrote them have their markers. */
    public static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker broker, String topic) {
        return CommittedRecords.read(
                KafkaTestUtils.consumerProps(broker, "reader-" + System.nanoTime(), false),
                topic,
                new StringDeserializer());
    }
}
