package dev.pipeline.fetcher.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.MultipartBody;
import dev.pipeline.fetcher.RunRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An upload is published in one Kafka transaction, which the broker aborts after
 * {@code transaction.timeout.ms}: one that cannot be published within 9/10 of that gives up by
 * itself, its run FAILED with the reason, nothing of it committed. Here the timeout is 20 ms, so
 * 20,000 items cannot make it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@TestPropertySource(
        properties = {
            "spring.kafka.producer.properties.transaction.timeout.ms=20",
            "pipeline.upstream-url=http://127.0.0.1:1"
        })
class SlowUploadIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @Test
    void anUploadThatCannotBePublishedWithinItsTransactionFailsItsRunAndCommitsNothing() throws Exception {
        String items = IntStream.rangeClosed(1, 20_000)
                .mapToObj(i -> "{\"id\": \"slow-" + i + "\", \"title\": \"Item " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        MultipartBody body = new MultipartBody().file("files", "many.json", "application/json", items);
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(uri("/api/uploads"))
                        .header("Content-Type", body.contentType())
                        .POST(body.publisher())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId =
                PipelineJson.mapper().readTree(accepted.body()).get("runId").asString();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + runId).contains("\"state\":\"FAILED\""));
        JsonNode run = PipelineJson.mapper().readTree(get("/api/runs/" + runId));
        assertThat(run.get("failure").asString())
                .isEqualTo("run " + runId + " could not be published: the upload "
                        + "was not published within 18 ms, 9/10 of its Kafka transaction's timeout (transaction.timeout.ms): "
                        + "nothing of it was committed; send fewer items at once");
        assertThat(RunRecords.readAll(broker, Topics.PRODUCTS))
                .noneMatch(r -> r.value().contains(runId));
        assertThat(RunRecords.readAll(broker, Topics.RUNS))
                .noneMatch(r -> r.key().equals(runId));
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
