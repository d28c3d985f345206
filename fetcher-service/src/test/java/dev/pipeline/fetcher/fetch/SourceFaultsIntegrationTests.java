package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.fetcher.RunRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Misbehaving APIs, played by WireMock on loopback: every fault ends as a product after a retry or
 * as an error with its reason, with the requests actually sent counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class SourceFaultsIntegrationTests {

    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final String ITEM = "{\"id\":%d,\"title\":\"Item %d\",\"price\":%d.5}";

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
        String[][] sources = {
            {"retry500", "/retry500", "none"},
            {"ratelimited", "/ratelimited", "none"},
            {"slow", "/slow", "none"},
            {"flaky", "/flaky", "page-number"},
            {"malformed", "/malformed", "page-number"},
            {"cursor", "/cursor", "cursor"},
            {"linked", "/linked", "link-header"},
            {"secretive", "/secretive", "none"},
            {"bearer", "/bearer", "none"},
            {"gone", "/gone", "none"},
            {"wrongpointer", "/wrongpointer", "none"}
        };
        for (int i = 0; i < sources.length; i++) {
            String prefix = "pipeline.sources[" + i + "].";
            String[] source = sources[i];
            registry.add(prefix + "name", () -> source[0]);
            registry.add(prefix + "url", () -> base + source[1]);
            registry.add(prefix + "items", () -> "/items");
            registry.add(prefix + "pagination.kind", () -> source[2]);
        }
        registry.add("pipeline.sources[2].read-timeout", () -> "300ms");
        registry.add("pipeline.sources[3].pagination.total-pages", () -> "/total_pages");
        registry.add("pipeline.sources[4].pagination.total-pages", () -> "/total_pages");
        registry.add("pipeline.sources[5].pagination.cursor", () -> "/next");
        registry.add("pipeline.sources[7].auth.kind", () -> "api-key");
        registry.add("pipeline.sources[7].auth.in", () -> "query");
        registry.add("pipeline.sources[7].auth.name", () -> "api_key");
        registry.add("pipeline.sources[7].auth.value", () -> "${TEST_API_SECRET:s3cr3t-value}");
        registry.add("pipeline.sources[8].auth.kind", () -> "bearer");
        registry.add("pipeline.sources[8].auth.value", () -> "t0ken");
        registry.add("resilience4j.retry.configs.default.wait-duration", () -> "20ms");
        registry.add("resilience4j.retry.instances.flaky.max-attempts", () -> "2");
        registry.add("resilience4j.circuitbreaker.instances.flaky.sliding-window-size", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.flaky.minimum-number-of-calls", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.flaky.wait-duration-in-open-state", () -> "60s");
        // Pages wait a second for the breaker to half-open, which it does not: the source is down.
        registry.add("pipeline.fetch.open-circuit-wait", () -> "1s");
        registry.add("resilience4j.bulkhead.instances.flaky.max-concurrent-calls", () -> "1");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    private static String items(int... ids) {
        StringBuilder json = new StringBuilder();
        for (int id : ids) {
            json.append(json.isEmpty() ? "" : ",").append(ITEM.formatted(id, id, id));
        }
        return json.toString();
    }

    @Test
    void aServerErrorIsRetriedAndTheSecondAnswerKept() throws Exception {
        API.stubFor(get(urlPathEqualTo("/retry500"))
                .inScenario("500")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));
        API.stubFor(get(urlPathEqualTo("/retry500"))
                .inScenario("500")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"items\":[" + items(1, 2) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "retry500");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2");
        assertThat(run.errors()).isEmpty();
        assertThat(run.stats("retry500")).isEqualTo(new SourceStats(2, 1, 1, 1, 2, 0));
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
        API.stubFor(get(urlPathEqualTo("/ratelimited"))
                .inScenario("429")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("calm"));
        API.stubFor(get(urlPathEqualTo("/ratelimited"))
                .inScenario("429")
                .whenScenarioStateIs("calm")
                .willReturn(okJson("{\"items\":[" + items(3) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "ratelimited");

        assertThat(run.ids()).containsExactly("3");
        assertThat(run.stats("ratelimited").requests()).isEqualTo(2);
        List<LoggedRequest> requests = API.findAll(getRequestedFor(urlPathEqualTo("/ratelimited")));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        // The configured backoff is 20 ms: only the server's Retry-After explains a second's wait.
        assertThat(requests.get(1).getLoggedDate().getTime()
                        - requests.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(950);
    }

    @Test
    void aSourceThatNeverAnswersInTimeEndsAsATimeoutError() throws Exception {
        API.stubFor(
                get(urlPathEqualTo("/slow")).willReturn(okJson("{\"items\":[]}").withFixedDelay(2_000)));

        RunRecords run = RunRecords.run(port, broker, "slow");

        assertThat(run.products()).isEmpty();
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("timeout");
            assertThat(error.attempts()).isEqualTo(3);
            assertThat(error.endpoint()).endsWith("/slow");
        });
        assertThat(run.stats("slow")).isEqualTo(new SourceStats(3, 0, 3, 2, 0, 0));
    }

    @Test
    void theCircuitBreakerOpensAndEveryRejectedPageIsAnError() throws Exception {
        API.stubFor(get(urlPathEqualTo("/flaky"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"total_pages\":30,\"items\":[" + items(1) + "]}")));
        API.stubFor(get(urlPathEqualTo("/flaky"))
                .withQueryParam("page", not(equalTo("1")))
                .willReturn(aResponse().withStatus(503)));

        RunRecords run = RunRecords.run(port, broker, "flaky");

        assertThat(run.ids()).containsExactly("1");
        assertThat(run.errors()).hasSize(29);
        assertThat(run.errors())
                .extracting(RunEvent.FetchFailed::kind)
                .contains("http_error", "circuit_open")
                .containsOnly("http_error", "circuit_open");
        assertThat(run.errors())
                .filteredOn(error -> error.kind().equals("circuit_open"))
                .extracting(RunEvent.FetchFailed::error)
                .containsOnly("circuit breaker 'flaky' is open and stayed open for over 1.0 s");
        // Every request the API saw is accounted for: page 1's, and the attempts each error names.
        long sent = API.findAll(getRequestedFor(urlPathEqualTo("/flaky"))).size();
        int attemptsInErrors =
                run.errors().stream().mapToInt(RunEvent.FetchFailed::attempts).sum();
        assertThat(sent)
                .isEqualTo(run.stats("flaky").requests())
                .isEqualTo(1 + attemptsInErrors)
                .isLessThan(1 + 29 * 2);
        String health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(PipelineJson.mapper()
                        .readTree(health)
                        .at("/components/circuitBreakers/details/flaky/status")
                        .asString())
                .isEqualTo("CIRCUIT_OPEN");
    }

    @Test
    void aClientErrorOtherThan429IsNotRetried() throws Exception {
        API.stubFor(get(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(404)));

        RunRecords run = RunRecords.run(port, broker, "gone");

        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("http_error");
            assertThat(error.error()).isEqualTo("HTTP 404");
            assertThat(error.attempts()).isEqualTo(1);
        });
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/gone")))).hasSize(1);
    }

    @Test
    void aMalformedPageInTheMiddleIsOneErrorAndTheOtherPagesAreKept() throws Exception {
        API.stubFor(get(urlPathEqualTo("/malformed"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"total_pages\":3,\"items\":[" + items(1) + "]}")));
        API.stubFor(get(urlPathEqualTo("/malformed"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{\"total_pages\":3,\"items\":[{\"id\":2,")));
        API.stubFor(get(urlPathEqualTo("/malformed"))
                .withQueryParam("page", equalTo("3"))
                .willReturn(okJson("{\"total_pages\":3,\"items\":[" + items(3) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "malformed");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "3");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("malformed_page");
            assertThat(error.endpoint()).endsWith("/malformed?page=2");
            assertThat(error.attempts()).isEqualTo(1);
        });
    }

    /** An explicit items pointer is strict: a page where it finds no array is an error, never a quiet zero. */
    @Test
    void aPageWhereTheItemsPointerFindsNoArrayIsAMalformedPageSayingWhatItFound() throws Exception {
        API.stubFor(get(urlPathEqualTo("/wrongpointer"))
                .willReturn(okJson("{\"data\":\"\",\"results\":[" + items(1, 2) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "wrongpointer");

        assertThat(run.products()).isEmpty();
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("malformed_page");
            assertThat(error.error())
                    .isEqualTo(
                            "no item array at /items (found: nothing at /items; the page has data: a string, results: an array)");
            assertThat(error.endpoint()).endsWith("/wrongpointer");
        });
        assertThat(run.stats("wrongpointer")).isEqualTo(new SourceStats(1, 1, 0, 0, 0, 0));
    }

    @Test
    void aCursorIsFollowedToTheLastPage() throws Exception {
        API.stubFor(get(urlPathEqualTo("/cursor"))
                .withQueryParam("cursor", absent())
                .willReturn(okJson("{\"next\":\"b\",\"items\":[" + items(1, 2) + "]}")));
        API.stubFor(get(urlPathEqualTo("/cursor"))
                .withQueryParam("cursor", equalTo("b"))
                .willReturn(okJson("{\"next\":\"c\",\"items\":[" + items(3) + "]}")));
        API.stubFor(get(urlPathEqualTo("/cursor"))
                .withQueryParam("cursor", equalTo("c"))
                .willReturn(okJson("{\"next\":null,\"items\":[" + items(4) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "cursor");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(run.stats("cursor").requests()).isEqualTo(3);
    }

    @Test
    void aLinkHeaderIsFollowedToTheLastPage() throws Exception {
        String base = "http://127.0.0.1:" + API.port() + "/linked";
        API.stubFor(get(urlPathEqualTo("/linked"))
                .withQueryParam("p", absent())
                .willReturn(okJson("{\"items\":[" + items(1) + "]}")
                        .withHeader("Link", "<" + base + "?p=2>; rel=\"next\", <" + base + "?p=3>; rel=\"last\"")));
        API.stubFor(get(urlPathEqualTo("/linked"))
                .withQueryParam("p", equalTo("2"))
                .willReturn(okJson("{\"items\":[" + items(2) + "]}")
                        .withHeader("Link", "<" + base + "?p=3>; rel=\"next\"")));
        API.stubFor(get(urlPathEqualTo("/linked"))
                .withQueryParam("p", equalTo("3"))
                .willReturn(
                        okJson("{\"items\":[" + items(3) + "]}").withHeader("Link", "<" + base + ">; rel=\"first\"")));

        RunRecords run = RunRecords.run(port, broker, "linked");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(run.stats("linked").requests()).isEqualTo(3);
    }

    @Test
    void aQueryApiKeyIsSentButNeverRecorded() throws Exception {
        API.stubFor(get(urlPathEqualTo("/secretive"))
                .withQueryParam("api_key", equalTo("s3cr3t-value"))
                .willReturn(okJson("{\"items\":[" + items(1) + ",{\"id\":2,\"title\":\"bad\",\"price\":-1}]}")));

        RunRecords run = RunRecords.run(port, broker, "secretive");

        assertThat(run.ids()).containsExactly("1");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("invalid_item");
            assertThat(error.error()).isEqualTo("item 2: price is negative or not finite");
        });
        assertThat(run.products().toString() + run.events()).doesNotContain("s3cr3t");
    }

    @Test
    void aBearerTokenIsSentInTheAuthorizationHeader() throws Exception {
        API.stubFor(get(urlPathEqualTo("/bearer"))
                .withHeader("Authorization", equalTo("Bearer t0ken"))
                .willReturn(okJson("{\"items\":[" + items(9) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "bearer");

        assertThat(run.ids()).containsExactly("9");
        Map<String, ProductRecord> products = run.byKey();
        assertThat(products.get("bearer:9").price()).isEqualTo(9.5);
    }
}
