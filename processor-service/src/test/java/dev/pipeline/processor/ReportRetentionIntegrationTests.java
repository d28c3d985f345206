package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.Topics;
import dev.pipeline.common.report.testing.ReportSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pipeline.processor.retention}: at startup and then periodically, the oldest reports and
 * abandoned-run markers beyond {@code max-count} or older than {@code max-age} are deleted — only
 * files this processor writes, never anything else in the directory — and the disk the rest use is
 * a gauge. The stats over the reports left keep working.
 */
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.PRODUCTS, Topics.RUNS})
class ReportRetentionIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private Path output;
    private final Instant now = Instant.now();

    @BeforeEach
    void createOutput() throws IOException {
        output = Files.createTempDirectory("retention");
        // Not this processor's files, and old: no retention rule may touch them.
        old(Files.writeString(output.resolve("notes.json"), "[1, 2]"), Duration.ofDays(30));
        old(
                Files.writeString(output.resolve("someone-else.json"), "{\"summary\": \"a file of someone else's\"}"),
                Duration.ofDays(30));
        old(Files.writeString(output.resolve("readme.txt"), "kept"), Duration.ofDays(30));
        old(Files.writeString(output.resolve("run-q.abandoned"), "not a marker"), Duration.ofDays(30));
        Files.createDirectories(output.resolve("archive"));
    }

    @AfterEach
    void tearDown() throws IOException {
        instances.forEach(ConfigurableApplicationContext::close);
        FileSystemUtils.deleteRecursively(output);
    }

    @Test
    void withMaxCountTheOldestReportsGoAndTheGaugeSaysWhatTheRestUse(EmbeddedKafkaBroker broker) throws Exception {
        old(report("run-r1"), Duration.ofHours(3));
        Path second = old(report("run-r2"), Duration.ofHours(2));
        Path third = old(report("run-r3"), Duration.ofHours(1));

        ConfigurableApplicationContext processor = start(broker, "--pipeline.processor.retention.max-count=2");

        assertThat(names())
                .containsExactlyInAnyOrder(
                        "run-r2.json",
                        "run-r3.json",
                        "notes.json",
                        "someone-else.json",
                        "readme.txt",
                        "run-q.abandoned",
                        "archive");
        MeterRegistry meters = processor.getBean(MeterRegistry.class);
        assertThat(meters.get("pipeline.reports.count").gauge().value()).isEqualTo(2.0);
        assertThat(meters.get("pipeline.reports.bytes").gauge().value())
                .isEqualTo((double) (Files.size(second) + Files.size(third)));
        JsonNode stats = JSON.readTree(get(processor, "/api/stats").body());
        assertThat(stats.get("runs").asInt()).isEqualTo(2);
    }

    @Test
    void withMaxAgeOldReportsAndMarkersGoAtStartupAndLater(EmbeddedKafkaBroker broker) throws Exception {
        old(report("run-old"), Duration.ofDays(2));
        old(report("run-new"), Duration.ofMinutes(1));
        Path marker =
                Files.writeString(output.resolve("run-gone.abandoned"), """
                {"run_id":"run-gone","state":"ABANDONED","reason":"r","abandoned_at":"%s","last_activity_at":null,
                 "products_read":0,"errors_read":0}""".formatted(now.minus(Duration.ofDays(3))));
        ReportSchema.readMarker(marker);
        old(marker, Duration.ofDays(3));

        start(
                broker,
                "--pipeline.processor.retention.max-age=1d",
                "--pipeline.processor.retention.check-interval=500ms");

        assertThat(names())
                .containsExactlyInAnyOrder(
                        "run-new.json", "notes.json", "someone-else.json", "readme.txt", "run-q.abandoned", "archive");
        old(report("run-late"), Duration.ofDays(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(output.resolve("run-late.json")));
        assertThat(output.resolve("run-new.json")).exists();
    }

    private ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String... retention) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--pipeline.processor.output-dir=" + output,
                "--pipeline.processor.work-dir=" + output.resolve("archive").resolve("work")));
        args.addAll(List.of(retention));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ProcessorApplication.class).run(args.toArray(String[]::new));
        instances.add(context);
        return context;
    }

    /** A report as the processor writes it (of a run without records), checked against the schema. */
    private Path report(String runId) throws IOException {
        Path report = Files.writeString(output.resolve(runId + ".json"), """
                {
                  "summary" : {
                    "run_id" : "%s",
                    "total_products" : 0,
                    "total_errors" : 0,
                    "processing_time_seconds" : 1,
                    "success_rate" : 0,
                    "sources" : [ ],
                    "started_at" : "%s",
                    "finished_at" : "%s",
                    "incomplete" : false,
                    "missing_records" : 0
                  },
                  "products" : [ ],
                  "errors" : [ ],
                  "metrics" : {
                    "price_metrics" : {"min_price" : null, "max_price" : null, "average_price" : null,
                                       "median_price" : null, "valid_price_count" : 0},
                    "category_distribution" : { },
                    "source_request_counts" : { },
                    "source_stats" : { }
                  }
                }
                """.formatted(runId, now, now));
        ReportSchema.assertValidReport(report);
        return report;
    }

    private Path old(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(now.minus(age)));
        return file;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
