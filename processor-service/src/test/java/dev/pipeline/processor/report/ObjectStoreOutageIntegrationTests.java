package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorApplication;
import dev.pipeline.processor.TaskRuns;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.store.ObjectStoreServer;
import dev.pipeline.processor.store.ReportStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * An object store that stops answering is an outage like a full disk, end to end: consumption
 * pauses, readiness says {@code reports} DOWN with the reason, the REST API answers what the ledger
 * knows and a 503 for the rest (never a 500), and once the store answers again the waiting reports
 * are written and consumption resumes. Asking the store whether a run is done with (its first
 * record, the check before its report) fails like writing to it, and is treated the same.
 */
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS},
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ObjectStoreOutageIntegrationTests {

    private static final String BUCKET = "pipeline-reports";

    @TempDir
    Path temp;

    private ObjectStoreServer server;

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", ObjectStoreServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", ObjectStoreServer.SECRET_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStoreThatStopsAnsweringPausesConsumptionAndTheReportsAreWrittenWhenItIsBack(EmbeddedKafkaBroker broker)
            throws Exception {
        server = ObjectStoreServer.start(BUCKET);
        try (ConfigurableApplicationContext processor = new SpringApplicationBuilder(ProcessorApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                                "--spring.kafka.consumer.group-id=s3-outage",
                                "--pipeline.processor.output-dir=" + temp.resolve("output"),
                                "--pipeline.processor.work-dir=" + temp.resolve("work"),
                                "--pipeline.processor.catalog.enabled=false",
                                "--pipeline.processor.reports.store=s3",
                                "--pipeline.processor.reports.s3.bucket=" + BUCKET,
                                "--pipeline.processor.reports.s3.endpoint=" + server.endpoint(),
                                "--pipeline.processor.reports.s3.path-style=true");
                KafkaProducer<String, byte[]> producer = producer(broker);
                HttpClient http = HttpClient.newHttpClient()) {
            RunLedger ledger = processor.getBean(RunLedger.class);
            RunCompletion completion = processor.getBean(RunCompletion.class);
            ReportStore store = processor.getBean(ReportStore.class);
            String base = "http://127.0.0.1" + ":" + processor.getEnvironment().getProperty("local.server.port");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ledger.marks().isAssigned(new TopicPartition(Topics.PRODUCTS, 0))
                            && ledger.marks().isAssigned(new TopicPartition(Topics.RUNS, 0)));
            producer.initTransactions();

            // Run "open-run" is open before the outage; its last task ends during it.
            Map<Integer, Long> openRunLast = new HashMap<>();
            producer.beginTransaction();
            producer.send(event(TaskRuns.started("open-run", List.of("shop"))));
            publishProducts(producer, "open-run", openRunLast);
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ledger.find("open-run")
                            .map(r -> r.productsConsumed() == 3)
                            .orElse(false));

            server.close();

            // "open-run" is complete now, and "new-run" starts: neither can be told apart from a reported
            // run without the store.
            Map<Integer, Long> newRunLast = new HashMap<>();
            producer.beginTransaction();
            producer.send(event(TaskRuns.done("open-run", "shop", stats(), openRunLast, 3)));
            producer.send(event(TaskRuns.started("new-run", List.of("shop"))));
            publishProducts(producer, "new-run", newRunLast);
            producer.send(event(TaskRuns.done("new-run", "shop", stats(), newRunLast, 3)));
            producer.commitTransaction();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> completion.blockedBy().isPresent());
            assertThat(completion.blockedBy().get()).contains("cannot be");
            HttpResponse<String> readiness = get(http, base + "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"reports\"").contains("\"consumption\":\"paused\"");
            assertThat(ledger.find("open-run"))
                    .as("kept until its report is written")
                    .isPresent();

            HttpResponse<String> open = get(http, base + "/api/runs/open-run");
            assertThat(open.statusCode())
                    .as("an open run is answered from the ledger: %s", open.body())
                    .isEqualTo(200);
            assertThat(open.body()).contains("\"state\":\"OPEN\"");
            HttpResponse<String> unknown = get(http, base + "/api/runs/new-run");
            assertThat(unknown.statusCode())
                    .as("the store must answer for a run not open here: %s", unknown.body())
                    .isEqualTo(503);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(unknown.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(http, base + "/api/runs/open-run/report").statusCode())
                    .as("no report yet, whatever the store")
                    .isEqualTo(404);

            server = server.restart();

            await().atMost(Duration.ofSeconds(90))
                    .until(() -> store.find("open-run", ReportStore.Kind.REPORT).isPresent()
                            && store.find("new-run", ReportStore.Kind.REPORT).isPresent());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> completion.blockedBy().isEmpty());
            HttpResponse<String> reported = get(http, base + "/api/runs/new-run");
            assertThat(reported.statusCode()).isEqualTo(200);
            assertThat(reported.body()).contains("\"state\":\"COMPLETE\"");
            assertThat(get(http, base + "/api/runs/open-run/report").body())
                    .as("nothing of it lost while paused")
                    .contains("\"open-run\"");
        }
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "outage-" + UUID.randomUUID()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void publishProducts(KafkaProducer<String, byte[]> producer, String runId, Map<Integer, Long> last)
            throws Exception {
        for (int i = 1; i <= 3; i++) {
            ProductRecord product = new ProductRecord(
                    ProductRecord.CURRENT_VERSION,
                    runId,
                    "shop",
                    Integer.toString(i),
                    "Item " + i,
                    (double) i,
                    "c",
                    "http://upstream/shop",
                    Instant.now(),
                    Map.of());
            RecordMetadata sent = producer.send(new ProducerRecord<>(
                            Topics.PRODUCTS,
                            product.key(),
                            PipelineJson.mapper().writeValueAsBytes(product)))
                    .get();
            last.merge(sent.partition(), sent.offset(), Math::max);
        }
    }

    private static SourceStats stats() {
        return new SourceStats(1, 1, 0, 0, 3, 0);
    }

    private static ProducerRecord<String, byte[]> event(RunEvent event) {
        return new ProducerRecord<>(
                Topics.RUNS,
                event.runId(),
                PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(event));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
