package dev.pipeline.processor.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorApplication;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TaskRuns;
import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.run.HarnessLedgers;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Processor instances that share no output directory, on one broker: they learn from each other's
 * announcements on {@code pipeline.runs}, never from each other's files.
 */
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS},
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class AnnouncementsIntegrationTests {

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    /** A fetcher's: run events and products, in transactions. */
    private KafkaProducer<String, byte[]> producer;
    /** Another instance's announcements: not transactional, as ReportAnnouncer writes them. */
    private KafkaProducer<String, byte[]> announcer;

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.getBrokersAsString(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "announcements-test-" + UUID.randomUUID()),
                new StringSerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        announcer = new KafkaProducer<>(
                ReportAnnouncer.producerProperties(kafka), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        instances.forEach(ConfigurableApplicationContext::close);
        producer.close();
        announcer.close();
        for (Path directory : directories) {
            FileSystemUtils.deleteRecursively(directory.toFile());
        }
    }

    @Test
    void anInstanceForgetsARunAnotherReportedWithoutSeeingItsDisk(EmbeddedKafkaBroker broker) throws Exception {
        String group = "two-disks";
        ConfigurableApplicationContext a = start(
                broker, group, directory("a"), "--pipeline.processor.advertised-url=http://processor-a.example:8081/");
        ConfigurableApplicationContext b = start(
                broker, group, directory("b"), "--pipeline.processor.advertised-url=http://processor-b.example:8081");
        awaitAssigned(broker, group);

        String runId = "run-two-disks";
        publish(runId, 300, false);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(report(a, runId)) || Files.exists(report(b, runId)));
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(instance.getBean(Announcements.class).find(runId))
                        .as("the announcement, read by every instance")
                        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("COMPLETE"));
                RunLedger ledger = instance.getBean(RunLedger.class);
                assertThat(ledger.find(runId)).as("forgotten").isEmpty();
                assertThat(ledger.isReported(runId)).isTrue();
            });
        }
        assertThat(List.of(Files.exists(report(a, runId)), Files.exists(report(b, runId))))
                .as("one report, on the disk of the instance that wrote it")
                .containsExactlyInAnyOrder(true, false);
        RunEvent.Reported announced = a.getBean(Announcements.class).find(runId).orElseThrow();
        Path written = Files.exists(report(a, runId)) ? report(a, runId) : report(b, runId);
        assertThat(announced.location())
                .isEqualTo(written.toAbsolutePath().toUri().toString());
        assertThat(announced.sha256()).isEqualTo(sha256(written));
        assertThat(announced.bytes()).isEqualTo(Files.size(written));
        // Nothing of the run holds back either instance's commits: the group commits every partition to its end.
        awaitCommittedToTheEnd(broker, group);

        // The instance without the report answers from the announcement, and sends the client to the writer.
        boolean aWrote = Files.exists(report(a, runId));
        ConfigurableApplicationContext other = aWrote ? b : a;
        String writer = aWrote ? "http://processor-a.example:8081" : "http://processor-b.example:8081";
        HttpResponse<String> status = get(other, "/api/runs/" + runId);
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode json = PipelineJson.mapper().readTree(status.body());
        assertThat(json.path("state").asString()).isEqualTo("COMPLETE");
        assertThat(json.path("report").asString()).isEqualTo(announced.location());
        assertThat(json.path("reason").asString())
                .contains(announced.processor())
                .contains(writer);
        HttpResponse<String> redirected = get(other, "/api/runs/" + runId + "/report");
        assertThat(redirected.statusCode()).isEqualTo(307);
        assertThat(redirected.headers().firstValue("Location")).hasValue(writer + "/api/runs/" + runId + "/report");
    }

    @Test
    void aReportThisInstanceAnnouncedInAnEarlierStartIsNoRedirectToItself(EmbeddedKafkaBroker broker) throws Exception {
        // Announced by this instance's earlier start (another processor id, its own URL); gone from its store since.
        String runId = "run-announced-here-before";
        announcer
                .send(event(new RunEvent.Reported(
                        runId,
                        "COMPLETE",
                        "file:///gone/" + runId + ".json",
                        "0".repeat(64),
                        1L,
                        "this-host/1-earlier",
                        "http://processor-self.example:8081",
                        Instant.now())))
                .get();
        ConfigurableApplicationContext instance = start(
                broker,
                "self",
                directory("self"),
                "--pipeline.processor.advertised-url=http://processor-self.example:8081/");

        HttpResponse<String> answer = get(instance, "/api/runs/" + runId + "/report");
        assertThat(answer.statusCode()).as("not a redirect to itself").isEqualTo(404);
        assertThat(answer.body()).contains("announced by this instance");
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext instance, String path) throws Exception {
        String port = instance.getEnvironment().getProperty("local.server.port");
        try (HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRestartedInstanceDoesNotReopenARunAnnouncedWhileItWasAway(EmbeddedKafkaBroker broker) throws Exception {
        // Reported elsewhere while this instance was away: its events and products, then its announcement.
        String runId = "run-announced-before";
        publish(runId, 50, true);
        List<String> others =
                IntStream.range(0, 200).mapToObj(i -> "run-elsewhere-" + i).toList();
        for (String other : others) {
            announcer.send(announcement(other, "processor-elsewhere"));
        }
        announcer.flush();

        ConfigurableApplicationContext instance = start(broker, "restarted", directory("restarted"));

        // Known as the context's start returns; the wait itself: theStartReturnsOnlyOnce...
        RunLedger ledger = instance.getBean(RunLedger.class);
        assertThat(others)
                .allSatisfy(other -> assertThat(ledger.isAnnounced(other)).isTrue());
        assertThat(ledger.isAnnounced(runId)).isTrue();
        assertThat(instance.getBean(Announcements.class).getPhase())
                .as("started before the listener containers")
                .isLessThan(
                        instance.getBean(KafkaListenerEndpointRegistry.class).getPhase());

        // The replay from the beginning (a new group) never reopens the run nor reports it again.
        awaitCommittedToTheEnd(broker, "restarted");
        assertThat(ledger.find(runId)).isEmpty();
        assertThat(report(instance, runId)).doesNotExist();
    }

    @Test
    void theStartReturnsOnlyOnceEveryAnnouncementWrittenBeforeItIsRead(EmbeddedKafkaBroker broker) throws Exception {
        List<String> runs =
                IntStream.range(0, 2_000).mapToObj(i -> "run-gated-" + i).toList();
        for (String runId : runs) {
            announcer.send(announcement(runId, "processor-elsewhere"));
        }
        announcer.flush();
        Path root = directory("gate");
        ProcessorProperties properties = TestProcessorProperties.under(root);
        RunLedger ledger = HarnessLedgers.ledger(properties, new SimpleMeterRegistry());
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        Announcements announcements = new Announcements(kafka, ledger);

        announcements.start();
        try {
            // At once: the start waited for the reader, as the listener containers do (a later phase).
            assertThat(runs)
                    .allSatisfy(runId ->
                            assertThat(ledger.isAnnounced(runId)).as(runId).isTrue());
        } finally {
            announcements.stop();
        }
    }

    @Test
    void anOwnerThatReadsAnAnnouncementOnlyAfterTheRunsEventsDoesNotReportItAgain(EmbeddedKafkaBroker broker)
            throws Exception {
        ConfigurableApplicationContext instance = start(broker, "late-owner", directory("late-owner"));
        awaitAssigned(broker, "late-owner");

        // The run's last TaskDone and, after it on the same partition, another instance's announcement,
        // written before the TaskDone's transaction commits: the owner reads the TaskDone (and completes
        // the run) before it reads the announcement.
        String runId = "run-reported-meanwhile";
        publish(runId, 200, true);

        awaitCommittedToTheEnd(broker, "late-owner");
        RunLedger ledger = instance.getBean(RunLedger.class);
        assertThat(ledger.find(runId)).isEmpty();
        assertThat(ledger.isReported(runId)).isTrue();
        assertThat(report(instance, runId))
                .as("reported elsewhere: not a second time")
                .doesNotExist();
    }

    @Test
    void theCatchUpReadsAnAnnouncementWrittenJustBefore(EmbeddedKafkaBroker broker) throws Exception {
        ConfigurableApplicationContext instance = start(broker, "catch-up", directory("catch-up"));
        Announcements announcements = instance.getBean(Announcements.class);
        for (int i = 0; i < 5; i++) {
            String runId = "run-just-announced-" + i;
            RecordMetadata written =
                    announcer.send(announcement(runId, "processor-elsewhere")).get();

            assertThat(announcements.catchUp(new TopicPartition(Topics.RUNS, written.partition())))
                    .isTrue();
            assertThat(announcements.find(runId))
                    .as("read by the time the catch-up returns")
                    .isPresent();
        }
    }

    @Test
    void theCatchUpReadsAnAnnouncementBehindAFetchersOpenTransaction(EmbeddedKafkaBroker broker) throws Exception {
        Announcements announcements = standalone(broker, "open-transaction");
        announcements.start();
        try {
            // Another run's task, in progress: its transaction is open on the same partition of pipeline.runs.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(
                            Topics.RUNS, 1, "run-in-progress", "{\"type\":\"task_started\"}".getBytes()))
                    .get();
            RunEvent.Reported reported = new RunEvent.Reported(
                    "run-behind-open-transaction",
                    "COMPLETE",
                    "file:///elsewhere/run.json",
                    "0".repeat(64),
                    1L,
                    "processor-elsewhere",
                    null,
                    Instant.now());
            announcer
                    .send(new ProducerRecord<>(
                            Topics.RUNS,
                            1,
                            reported.runId(),
                            PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(reported)))
                    .get();

            assertThat(announcements.catchUp(new TopicPartition(Topics.RUNS, 1)))
                    .isTrue();
            assertThat(announcements.find(reported.runId()))
                    .as("written before the catch-up, though the fetcher's transaction is still open")
                    .isPresent();
        } finally {
            producer.abortTransaction();
            announcements.stop();
        }
    }

    @Test
    void aReaderStartedAgainAfterAStopReadsOnFromWhereItWas(EmbeddedKafkaBroker broker) throws Exception {
        Announcements announcements = standalone(broker, "restart");
        announcements.start();
        announcements.stop();
        announcer.send(announcement("run-after-restart", "processor-elsewhere")).get();

        announcements.start();
        try {
            assertThat(announcements.isRunning()).isTrue();
            assertThat(announcements.catchUp(null)).isTrue();
            assertThat(announcements.find("run-after-restart")).isPresent();
        } finally {
            announcements.stop();
        }
    }

    @Test
    void aReportStoredButNeverAnnouncedIsAnnouncedByTheRunsOwner(EmbeddedKafkaBroker broker) throws Exception {
        // The instance that wrote it died before announcing it: its report is in the store, nothing on the topic.
        Path output = directory("crashed");
        String runId = "run-crashed-before-announcing";
        Files.createDirectories(output);
        Path stored = output.resolve(runId + ".json");
        Files.writeString(
                stored,
                "{\"summary\":{\"run_id\":\"" + runId + "\",\"total_products\":0},\"products\":[],\"errors\":[],"
                        + "\"metrics\":{}}");
        ConfigurableApplicationContext instance = start(broker, "crashed", output);
        awaitAssigned(broker, "crashed");

        publish(runId, 20, false);

        Announcements announcements = instance.getBean(Announcements.class);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(announcements.find(runId)).isPresent());
        RunEvent.Reported announced = announcements.find(runId).orElseThrow();
        assertThat(announced.state()).isEqualTo("COMPLETE");
        assertThat(announced.location())
                .isEqualTo(stored.toAbsolutePath().toUri().toString());
        assertThat(announced.sha256()).isEqualTo(sha256(stored));
        assertThat(announced.bytes()).isEqualTo(Files.size(stored));
        assertThat(Files.readString(stored)).as("not written again").contains("\"total_products\":0");
    }

    /** Announcements on their own, with a ledger of their own (no Spring context). */
    private Announcements standalone(EmbeddedKafkaBroker broker, String name) throws IOException {
        Path root = directory(name);
        ProcessorProperties properties = TestProcessorProperties.under(root);
        RunLedger ledger = HarnessLedgers.ledger(properties, new SimpleMeterRegistry());
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        return new Announcements(kafka, ledger);
    }

    @Test
    void announcementsOlderThanTheTopicKeepsThemAreForgotten(EmbeddedKafkaBroker broker) throws Exception {
        Announcements announcements = standalone(broker, "prune");
        List<Set<String>> forgotten = new ArrayList<>();
        announcements.onForgotten(forgotten::add);
        Instant old = Instant.now().minus(Topics.RUNS_RETENTION).minus(Duration.ofHours(1));
        for (String runId : List.of("run-old", "run-recent")) {
            announcer
                    .send(event(new RunEvent.Reported(
                            runId,
                            "COMPLETE",
                            "file:///elsewhere/" + runId + ".json",
                            "0".repeat(64),
                            1L,
                            "processor-elsewhere",
                            null,
                            runId.equals("run-old") ? old : Instant.now())))
                    .get();
        }
        announcements.start();
        try {
            announcements.prune(Instant.now());

            assertThat(announcements.find("run-old")).isEmpty();
            assertThat(announcements.find("run-recent")).isPresent();
            assertThat(forgotten).containsExactly(Set.of("run-old"));
        } finally {
            announcements.stop();
        }
    }

    @Test
    void aReportInTheStoreThatWasNeverAnnouncedIsAnnouncedAtStartup(EmbeddedKafkaBroker broker) throws Exception {
        // Written by this instance's earlier start, which stopped before its announcement was written.
        Path output = directory("unannounced");
        String runId = "run-never-announced";
        Path stored = output.resolve(runId + ".json");
        Files.writeString(
                stored,
                "{\"summary\":{\"run_id\":\"" + runId + "\",\"total_products\":0},\"products\":[],\"errors\":[],"
                        + "\"metrics\":{}}");
        ConfigurableApplicationContext instance = start(broker, "unannounced", output);

        // No event of the run is on the topic: only the startup scan of the store can announce it.
        Announcements announcements = instance.getBean(Announcements.class);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(announcements.find(runId)).isPresent());
        RunEvent.Reported announced = announcements.find(runId).orElseThrow();
        assertThat(announced.state()).isEqualTo("COMPLETE");
        assertThat(announced.location())
                .isEqualTo(stored.toAbsolutePath().toUri().toString());
        assertThat(announced.sha256()).isEqualTo(sha256(stored));
    }

    @Test
    void aRunRefusedAsOneTooManyOpenIsAnnouncedAbandoned(EmbeddedKafkaBroker broker) throws Exception {
        ConfigurableApplicationContext instance =
                start(broker, "refusing", directory("refusing"), "--pipeline.processor.max-open-runs=1");
        awaitAssigned(broker, "refusing");

        producer.beginTransaction();
        producer.send(event(TaskRuns.started("run-open", List.of("shop"))));
        producer.commitTransaction();
        RunLedger ledger = instance.getBean(RunLedger.class);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ledger.find("run-open")).isPresent());
        producer.beginTransaction();
        producer.send(event(TaskRuns.started("run-refused", List.of("shop"))));
        producer.commitTransaction();

        Announcements announcements = instance.getBean(Announcements.class);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(announcements.find("run-refused"))
                        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo("ABANDONED")));
        assertThat(announcements.find("run-open")).isEmpty();
    }

    private Path directory(String name) throws IOException {
        Path directory = Files.createTempDirectory("announcements-" + name);
        directories.add(directory);
        return directory;
    }

    private ConfigurableApplicationContext start(
            EmbeddedKafkaBroker broker, String group, Path output, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.group-id=" + group,
                "--pipeline.processor.output-dir=" + output,
                "--pipeline.processor.work-dir=" + output.resolve(".work"),
                "--pipeline.processor.catalog.enabled=false",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=500"));
        arguments.addAll(List.of(more));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ProcessorApplication.class).run(arguments.toArray(String[]::new));
        instances.add(context);
        return context;
    }

    private static Path report(ConfigurableApplicationContext instance, String runId) {
        return instance.getBean(ProcessorProperties.class).outputDir().resolve(runId + ".json");
    }

    /**
     * The run's start, products, and its one task's end in one transaction; with {@code announced},
     * another instance's announcement of it after them (not transactional, as every announcement),
     * written before that transaction commits.
     */
    private void publish(String runId, int count, boolean announced) throws Exception {
        producer.beginTransaction();
        producer.send(event(TaskRuns.started(runId, List.of("shop"))));
        Map<Integer, Long> lastOffsets = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            ProductRecord product = new ProductRecord(
                    ProductRecord.CURRENT_VERSION,
                    runId,
                    "shop",
                    Integer.toString(i),
                    "Item " + i,
                    (double) i,
                    "c" + (i % 4),
                    "http://upstream/shop",
                    Instant.now(),
                    Map.of());
            RecordMetadata sent = producer.send(new ProducerRecord<>(
                            Topics.PRODUCTS,
                            product.key(),
                            PipelineJson.mapper().writeValueAsBytes(product)))
                    .get();
            lastOffsets.merge(sent.partition(), sent.offset(), Math::max);
        }
        producer.send(event(TaskRuns.done(runId, "shop", new SourceStats(3, 3, 0, 0, count, 0), lastOffsets, count)));
        if (announced) {
            producer.flush();
            announcer.send(announcement(runId, "processor-elsewhere")).get();
        }
        producer.commitTransaction();
    }

    private static ProducerRecord<String, byte[]> event(RunEvent event) {
        return new ProducerRecord<>(
                Topics.RUNS,
                event.runId(),
                PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(event));
    }

    private static ProducerRecord<String, byte[]> announcement(String runId, String processor) {
        return event(new RunEvent.Reported(
                runId,
                "COMPLETE",
                "file:///elsewhere/" + runId + ".json",
                "0".repeat(64),
                1L,
                processor,
                null,
                Instant.now()));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void awaitAssigned(EmbeddedKafkaBroker broker, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                                    .mapToInt(m ->
                                            m.assignment().topicPartitions().size())
                                    .sum()
                            == 6);
        }
    }

    /**
     * Every partition of both topics committed by the group up to its end (but for the commit marker
     * of the transaction that wrote it last, which a commit may or may not pass): nothing is held back.
     */
    private static void awaitCommittedToTheEnd(EmbeddedKafkaBroker broker, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PRODUCTS, Topics.RUNS)) {
                for (int p = 0; p < 3; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (TopicPartition partition : partitions) {
                    long end = ends.get(partition).offset();
                    if (end > 0) {
                        assertThat(committed.get(partition))
                                .as("%s committed", partition)
                                .isNotNull()
                                .extracting(OffsetAndMetadata::offset)
                                .isIn(end - 1, end);
                    }
                }
            });
        }
    }
}
