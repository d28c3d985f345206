package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Secrets a source sends in its URLs — a {@code query:} parameter named as one, one in the source
 * URL's own query string, user info — reach the upstream on every request and nowhere else: not
 * the products, errors, task records, dead letters or the log. Every secret here contains
 * {@value #SECRET}; every request the API gets matches a stub, so that WireMock prints no URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@ExtendWith(OutputCaptureExtension.class)
class UrlSecretsIntegrationTests {

    private static final String SECRET = "s3cr3t";
    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final String ITEM = "{\"id\":%d,\"title\":\"Item %d\",\"price\":%d.5}";
    private static final String BAD_ITEM = "{\"id\":%d,\"title\":\"bad\",\"price\":-1}";

    static {
        API.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + API.port();
        registry.add("pipeline.sources[0].name", () -> "keyed");
        registry.add("pipeline.sources[0].url", () -> base + "/keyed");
        registry.add("pipeline.sources[0].query[api_key]", () -> "q-" + SECRET + "-1");
        registry.add("pipeline.sources[0].pagination.kind", () -> "page-number");
        registry.add("pipeline.sources[0].pagination.total-pages", () -> "/total_pages");
        registry.add("pipeline.sources[1].name", () -> "tokened");
        registry.add("pipeline.sources[1].url", () -> base + "/tokened?token=t-" + SECRET + "-2");
        registry.add("pipeline.sources[1].pagination.kind", () -> "cursor");
        registry.add("pipeline.sources[1].pagination.cursor", () -> "/next");
        registry.add("pipeline.sources[2].name", () -> "userinfo");
        registry.add(
                "pipeline.sources[2].url",
                () -> "http://reader:u-" + SECRET + "-3@127.0.0.1:" + API.port() + "/userinfo");
        registry.add("pipeline.sources[3].name", () -> "aborted");
        registry.add("pipeline.sources[3].url", () -> base + "/aborted");
        registry.add("pipeline.sources[3].query[access_token]", () -> "a-" + SECRET + "-4");
        registry.add("pipeline.sources[3].pagination.kind", () -> "page-number");
        registry.add("pipeline.sources[3].pagination.total-pages", () -> "/total_pages");
        for (int i = 0; i < 4; i++) {
            registry.add("pipeline.sources[" + i + "].items", () -> "/items");
        }
        // "aborted": one page at a time, and a task must end within 2.7 s (nine tenths of this).
        registry.add("resilience4j.bulkhead.instances.aborted.max-concurrent-calls", () -> "1");
        registry.add("spring.kafka.producer.properties[transaction.timeout.ms]", () -> "3000");
        registry.add("pipeline.tasks.retries", () -> "0");
        // At least two tasks per partition: with one, the 4 pages after the first are 2 tasks of 2.
        registry.add("pipeline.tasks.partitions", () -> "1");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    @AfterEach
    void noSecretWasRecordedOrLogged(CapturedOutput output) {
        for (String topic : List.of(Topics.PRODUCTS, Topics.RUNS, Topics.FETCH_TASKS, Topics.FETCH_TASKS_DLT)) {
            for (ConsumerRecord<String, String> record : RunRecords.readAll(broker, topic)) {
                assertThat(record.key() + " " + record.value()).as(topic).doesNotContain(SECRET);
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8))
                            .as(topic + " " + header.key())
                            .doesNotContain(SECRET);
                }
            }
        }
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    private static String items(String... items) {
        return "{\"items\":[" + String.join(",", items) + "]}";
    }

    private static String item(int id) {
        return ITEM.formatted(id, id, id);
    }

    @Test
    void aQueryParameterNamedAsASecretIsSentOnEveryPageButNeverRecorded() throws Exception {
        API.stubFor(get(urlPathEqualTo("/keyed"))
                .withQueryParam("api_key", equalTo("q-s3cr3t-1"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"total_pages\":3,\"items\":[" + item(1) + "," + BAD_ITEM.formatted(2) + "]}")));
        API.stubFor(get(urlPathEqualTo("/keyed"))
                .withQueryParam("api_key", equalTo("q-s3cr3t-1"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson(items(item(3)))));
        API.stubFor(get(urlPathEqualTo("/keyed"))
                .withQueryParam("api_key", equalTo("q-s3cr3t-1"))
                .withQueryParam("page", equalTo("3"))
                .willReturn(aResponse().withStatus(404)));

        RunRecords run = RunRecords.run(port, broker, "keyed");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "3");
        String endpoint = "http://127.0.0.1:" + API.port() + "/keyed";
        assertThat(run.products())
                .extracting(ProductRecord::endpoint)
                .containsExactlyInAnyOrder(endpoint + "?page=1", endpoint + "?page=2");
        assertThat(run.errors())
                .extracting(RunEvent.FetchFailed::endpoint, RunEvent.FetchFailed::error)
                .containsExactlyInAnyOrder(
                        tuple(endpoint + "?page=1", "item 2: price is negative or not finite"),
                        tuple(endpoint + "?page=3", "HTTP 404"));
        API.verify(3, getRequestedFor(urlPathEqualTo("/keyed")).withQueryParam("api_key", equalTo("q-s3cr3t-1")));
    }

    @Test
    void aSecretInTheSourceUrlIsSentButNeverRecordedEvenWhenANextLinkEchoesIt() throws Exception {
        String base = "http://127.0.0.1:" + API.port() + "/tokened";
        API.stubFor(get(urlPathEqualTo("/tokened"))
                .withQueryParam("token", equalTo("t-s3cr3t-2"))
                .withQueryParam("after", absent())
                .willReturn(
                        okJson("{\"next\":\"" + base + "?token=t-s3cr3t-2&after=b\",\"items\":[" + item(4) + "]}")));
        API.stubFor(get(urlPathEqualTo("/tokened"))
                .withQueryParam("token", equalTo("t-s3cr3t-2"))
                .withQueryParam("after", equalTo("b"))
                .willReturn(okJson("{\"next\":null,\"items\":[" + item(5) + "," + BAD_ITEM.formatted(6) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "tokened");

        assertThat(run.ids()).containsExactlyInAnyOrder("4", "5");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.endpoint()).isEqualTo(base + "?after=b");
            assertThat(error.error()).isEqualTo("item 6: price is negative or not finite");
        });
        API.verify(2, getRequestedFor(urlPathEqualTo("/tokened")).withQueryParam("token", equalTo("t-s3cr3t-2")));
    }

    @Test
    void userInfoInTheSourceUrlIsSentAsBasicAuthButNeverRecorded() throws Exception {
        API.stubFor(get(urlPathEqualTo("/userinfo"))
                .withBasicAuth("reader", "u-s3cr3t-3")
                .willReturn(okJson(items(item(7), BAD_ITEM.formatted(8)))));

        RunRecords run = RunRecords.run(port, broker, "userinfo");

        assertThat(run.ids()).containsExactly("7");
        assertThat(run.errors())
                .singleElement()
                .satisfies(error ->
                        assertThat(error.endpoint()).isEqualTo("http://127.0.0.1:" + API.port() + "/userinfo"));
    }

    @Test
    void aDeadLetteredTaskOfASourceWithASecretNamesItsPageWithoutIt() throws Exception {
        API.stubFor(get(urlPathEqualTo("/aborted"))
                .withQueryParam("access_token", equalTo("a-s3cr3t-4"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"total_pages\":5,\"items\":[" + item(9) + "]}")));
        // Pages 2-3 and 4-5 are a task each (see the settings). Page 2 outlasts the task's time:
        // page 3 is never started, and the task is dead-lettered.
        API.stubFor(get(urlPathEqualTo("/aborted"))
                .withQueryParam("access_token", equalTo("a-s3cr3t-4"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson(items(item(10))).withFixedDelay(3_000)));
        API.stubFor(get(urlPathEqualTo("/aborted"))
                .withQueryParam("access_token", equalTo("a-s3cr3t-4"))
                .withQueryParam("page", equalTo("3"))
                .willReturn(okJson(items(item(11)))));
        for (int page = 4; page <= 5; page++) {
            API.stubFor(get(urlPathEqualTo("/aborted"))
                    .withQueryParam("access_token", equalTo("a-s3cr3t-4"))
                    .withQueryParam("page", equalTo(String.valueOf(page)))
                    .willReturn(okJson(items(item(8 + page)))));
        }

        RunRecords run = RunRecords.run(port, broker, "aborted");

        assertThat(run.events())
                .filteredOn(RunEvent.TaskDone.class::isInstance)
                .map(RunEvent.TaskDone.class::cast)
                .filteredOn(done -> done.failure() != null)
                .singleElement()
                .satisfies(done -> assertThat(done.failure())
                        .contains("ran out of time before http://127.0.0.1:" + API.port() + "/aborted?page=3 "));
        String runId = run.events().getFirst().runId();
        assertThat(RunRecords.readAll(broker, Topics.FETCH_TASKS_DLT))
                .anySatisfy(record -> assertThat(record.key()).startsWith(runId + "/"));
    }
}
