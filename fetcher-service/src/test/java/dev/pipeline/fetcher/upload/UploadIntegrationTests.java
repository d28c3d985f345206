package dev.pipeline.fetcher.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEnd;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import dev.pipeline.common.testing.ProductSchema;
import dev.pipeline.fetcher.MultipartBody;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.fetcher.task.TaskProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/uploads} on a real broker: uploaded JSON and CSV files become a run whose
 * products and errors on Kafka are exactly those of the files; what the upload cannot take is
 * refused with a problem that says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {
            "spring.servlet.multipart.max-file-size=64KB",
            "spring.servlet.multipart.max-request-size=256KB",
            "pipeline.upload.max-files=3",
            "pipeline.upstream-url=http://127.0.0.1:1"
        })
class UploadIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String JSON_FILE = """
            {"total": 5, "products": [
              {"id": 1, "title": "Lamp", "price": 12.5, "category": "home"},
              {"id": 2, "title": "Mug", "price": "cheap"},
              {"id": 3, "name": "Chair", "price": 40},
              {"title": "No id"},
              {"id": "b-4", "title": "Book", "url": "http://127.0.0.1:1/steal"}
            ]}""";
    static final String CSV_FILE = "id,title,price,category\r\n"
            + "10,\"Desk, oak\",120.00,furniture\r\n"
            + "11,\"Said \"\"hi\"\"\",,\r\n"
            + "12,,5,x\r\n"
            + "13,Negative,-1,x\r\n"
            + "14,Short row\r\n"
            + "15,\"Two\nlines\",7.5,home\r\n";

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @Autowired
    TaskProperties tasks;

    @Test
    void jsonAndCsvFilesBecomeARunWithExactlyTheirValidItemsAsProductsAndEveryOtherAsAnError() throws Exception {
        HttpResponse<String> accepted = upload(new MultipartBody()
                .file("files", "products.json", "application/json", JSON_FILE)
                .file("files", "more.csv", "text/csv", CSV_FILE)
                .file("files", "broken.json", "application/json", "[{\"id\": 1,"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode run = PipelineJson.mapper().readTree(accepted.body());
        String runId = run.get("runId").asString();
        assertThat(accepted.headers().firstValue("Location"))
                .contains("http://localhost:" + port + "/api/runs/" + runId);
        assertThat(run.get("sources").get(0).get("name").asString()).isEqualTo("upload");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FETCHED\""));

        List<ProductRecord> products = RunRecords.readAll(broker, Topics.PRODUCTS).stream()
                .map(r -> PipelineJson.mapper().readValue(r.value(), ProductRecord.class))
                .filter(p -> p.runId().equals(runId))
                .toList();
        assertThat(products)
                .extracting(
                        ProductRecord::key,
                        ProductRecord::title,
                        ProductRecord::price,
                        ProductRecord::category,
                        ProductRecord::endpoint)
                .containsExactlyInAnyOrder(
                        tuple("upload:1", "Lamp", 12.5, "home", "upload:products.json"),
                        tuple("upload:3", "Chair", 40.0, "unknown", "upload:products.json"),
                        tuple("upload:b-4", "Book", null, "unknown", "upload:products.json"),
                        tuple("upload:10", "Desk, oak", 120.0, "furniture", "upload:more.csv"),
                        tuple("upload:11", "Said \"hi\"", null, "unknown", "upload:more.csv"),
                        tuple("upload:15", "Two\nlines", 7.5, "home", "upload:more.csv"));
        // Each uploaded item travels whole, as a page's does: a JSON object as it was, a CSV row as an object.
        RunRecords.readAll(broker, Topics.PRODUCTS).stream()
                .filter(r -> r.value().contains(runId))
                .forEach(r -> ProductSchema.assertValid(r.value()));
        assertThat(products).allSatisfy(product -> assertThat(product.item()).isNotNull());
        assertThat(products.stream()
                        .filter(p -> p.externalId().equals("b-4"))
                        .findFirst()
                        .orElseThrow()
                        .item()
                        .tree())
                .isEqualTo(PipelineJson.mapper()
                        .readTree("{\"id\": \"b-4\", \"title\": \"Book\", \"url\": \"http://127.0.0.1:1/steal\"}"));
        JsonNode row = products.stream()
                .filter(p -> p.externalId().equals("10"))
                .findFirst()
                .orElseThrow()
                .item()
                .tree();
        assertThat(row.propertyNames()).containsExactly("id", "title", "price", "category");
        assertThat(row.get("title").asString()).isEqualTo("Desk, oak");

        List<RunEvent> events = RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
        assertThat(events.stream()
                        .filter(RunEvent.FetchFailed.class::isInstance)
                        .map(RunEvent.FetchFailed.class::cast))
                .allSatisfy(error -> assertThat(error.source()).isEqualTo("upload"))
                .extracting(RunEvent.FetchFailed::endpoint, RunEvent.FetchFailed::kind, RunEvent.FetchFailed::error)
                .containsExactlyInAnyOrder(
                        tuple("upload:products.json", "invalid_item", "item 2: price is not a number"),
                        tuple("upload:products.json", "invalid_item", "item 4: missing id"),
                        tuple("upload:more.csv", "invalid_item", "item 12: missing or blank title"),
                        tuple("upload:more.csv", "invalid_item", "item 13: price is negative or not finite"),
                        tuple("upload:more.csv", "invalid_item", "row 5 has 2 fields where the header has 4"),
                        tuple(
                                "upload:broken.json",
                                "malformed_page",
                                "not JSON: Unexpected end-of-input within/between Object entries (line 1, column 11)"));
        assertThat(RunRecords.statsOf(events)).containsExactly(entry("upload", new SourceStats(0, 0, 0, 0, 11, 5)));
    }

    @Test
    void anUploadIsPublishedAsARunOfOneTaskThatEndsWithItsTaskDone() throws Exception {
        double itemsBefore = uploadItemsCounted();
        HttpResponse<String> accepted = upload(new MultipartBody()
                .file("files", "products.json", "application/json", JSON_FILE)
                .file("files", "more.csv", "text/csv", CSV_FILE)
                .file("files", "broken.json", "application/json", "[{\"id\": 1,"));
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FETCHED\""));

        List<ConsumerRecord<String, String>> products = RunRecords.readAll(broker, Topics.PRODUCTS).stream()
                .filter(r -> PipelineJson.mapper()
                        .readValue(r.value(), ProductRecord.class)
                        .runId()
                        .equals(runId))
                .toList();
        List<RunEvent> events = RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(r -> r.key().equals(runId))
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();

        // Exactly: its start naming its one task, the task's errors, the task's end. Nothing else.
        assertThat(events.getFirst()).isInstanceOfSatisfying(RunEvent.Started.class, started -> {
            assertThat(started.tasks()).containsExactly("upload:p0");
            assertThat(started.sources()).containsExactly("upload");
            assertThat(started.startOffsets()).hasSize(3);
        });
        List<RunEvent> errors = events.subList(1, events.size() - 1);
        assertThat(errors).hasSize(6).allSatisfy(e -> assertThat(e).isInstanceOf(RunEvent.FetchFailed.class));
        RunEvent.TaskDone done = (RunEvent.TaskDone) events.getLast();
        assertThat(done.taskId()).isEqualTo("upload:p0");
        assertThat(done.source()).isEqualTo("upload");
        assertThat(done.fetcher()).isEqualTo(tasks.instanceId());
        assertThat(done.children()).isEmpty();
        // Each product names the try that published it, so that a reader counts it only for a counted try.
        assertThat(products)
                .isNotEmpty()
                .allSatisfy(record -> assertThat(new String(
                                record.headers()
                                        .lastHeader(ProductRecord.ATTEMPT_HEADER)
                                        .value(),
                                java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(done.attempt()));
        assertThat(done.failure()).isNull();
        assertThat(done.stats()).isEqualTo(new SourceStats(0, 0, 0, 0, 11, 5));
        assertThat(done.pages()).as("files read through").isEqualTo(2);
        assertThat(done.errors()).isEqualTo(6);
        assertThat(done.productsPublished()).isEqualTo(6);
        assertThat(done.lastOffsets())
                .isEqualTo(products.stream()
                        .collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::max)));
        assertThat(errors)
                .extracting(e -> ((RunEvent.FetchFailed) e).taskAttempt())
                .containsOnly(done.attempt())
                .doesNotContainNull();

        // The one completion rule both services apply says it has ended, where its records end.
        RunEnd end = RunRecords.endOf(events);
        assertThat(end.productsPublished()).isEqualTo(6);
        assertThat(end.lastOffsets()).isEqualTo(done.lastOffsets());

        JsonNode status =
                PipelineJson.mapper().readTree(get("/api/runs/" + runId).body());
        assertThat(status.at("/tasks/planned").asInt()).isEqualTo(1);
        assertThat(status.at("/tasks/done").asInt()).isEqualTo(1);
        assertThat(status.at("/sources/0/state").asString()).isEqualTo("FINISHED");
        assertThat(status.at("/sources/0/items").asLong()).isEqualTo(11);
        assertThat(status.at("/sources/0/errors").asLong()).isEqualTo(6);
        // Counted in the metrics once, as any task is: when its committed TaskDone is read.
        assertThat(uploadItemsCounted() - itemsBefore).isEqualTo(11);
    }

    private double uploadItemsCounted() throws Exception {
        return get("/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith("pipeline_source_items_total{") && line.contains("source=\"upload\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Events of the kinds an older version ended uploads with ({@code source_finished}, {@code fetched})
     * may still be on {@code pipeline.runs}: the status skips them as events it cannot read, and goes on.
     */
    @Test
    void eventsOfAnOlderVersionsUploadsAreSkippedByTheStatus() throws Exception {
        try (var producer = new KafkaProducer<>(
                KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer())) {
            String old = "20250101-000000-old";
            producer.send(new ProducerRecord<>(
                            Topics.RUNS,
                            old,
                            "{\"type\":\"source_finished\",\"runId\":\"" + old
                                    + "\",\"source\":\"upload\",\"stats\":{},\"finishedAt\":\"2025-01-01T00:00:00Z\"}"))
                    .get();
            producer.send(
                            new ProducerRecord<>(
                                    Topics.RUNS,
                                    old,
                                    "{\"type\":\"fetched\",\"runId\":\"" + old
                                            + "\",\"lastOffsets\":{},\"productsPublished\":0,\"fetchedAt\":\"2025-01-01T00:00:00Z\"}"))
                    .get();
        }

        HttpResponse<String> accepted = upload(new MultipartBody()
                .file("files", "one.json", "application/json", "[{\"id\": 1, \"title\": \"Lamp\", \"price\": 2}]"));
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + runId).body().contains("\"state\":\"FETCHED\""));
        assertThat(get("/api/runs/20250101-000000-old").statusCode()).isEqualTo(404);
    }

    @Nested
    class Refused {

        @Test
        void aFileLargerThanTheLimitIsContentTooLarge() throws Exception {
            byte[] large = new byte[100 * 1024];
            Arrays.fill(large, (byte) ' ');
            HttpResponse<String> refused =
                    upload(new MultipartBody().file("files", "large.json", "application/json", large));

            assertProblem(
                    refused, 413, "the upload is larger than allowed: at most 64KB per file and 256KB per request");
        }

        @Test
        void aFileNeitherJsonNorCsvIsAnUnsupportedMediaType() throws Exception {
            HttpResponse<String> refused = upload(new MultipartBody()
                    .file("files", "ok.json", "application/json", "[]")
                    .file("files", "picture.png", "image/png", "not an image"));

            assertProblem(
                    refused, 415, "'picture.png' is neither JSON (.json, application/json) nor CSV (.csv, text/csv)");
        }

        @Test
        void moreFilesThanAllowedAreABadRequest() throws Exception {
            MultipartBody body = new MultipartBody();
            for (int i = 0; i < 4; i++) {
                body.file("files", "f" + i + ".json", "application/json", "[]");
            }
            assertProblem(upload(body), 400, "4 files in one upload; at most 3 are taken");
        }

        @Test
        void anUploadWithoutTheFilesPartIsABadRequest() throws Exception {
            HttpResponse<String> refused = upload(new MultipartBody().field("other", "x"));

            assertProblem(refused, 400, "Required part 'files' is not present.");
        }

        @Test
        void aBodyThatIsNotMultipartIsAnUnsupportedMediaType() throws Exception {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/uploads"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("[]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertProblem(refused, 415, "Content-Type 'application/json' is not supported.");
        }

        @Test
        void aMultipartBodyThatDoesNotParseIsABadRequest() throws Exception {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/uploads"))
                            .header("Content-Type", "multipart/form-data")
                            .POST(HttpRequest.BodyPublishers.ofString("garbage"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertProblem(
                    refused,
                    400,
                    "the multipart body could not be read: "
                            + "the request was rejected because no multipart boundary was found");
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem(response).get("detail").asString()).isEqualTo(detail);
        assertThat(problem(response).get("status").asInt()).isEqualTo(status);
    }

    private static JsonNode problem(HttpResponse<String> response) {
        return PipelineJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> upload(MultipartBody body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
