package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.fetcher.RunRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Upstreams that fail often but recover, that redirect, and that never finish a body: a page
 * that succeeds within its retries is a success, an open breaker is waited out, a redirect never
 * leaves the source's origin, and a body's slowness costs a timeout, not a worker for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class UnreliableSourcesIntegrationTests {

    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    /** Another origin: the same host on another port. */
    private static final WireMockServer ELSEWHERE =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    private static final HalfDown HALF_DOWN = new HalfDown(194, 20);

    static {
        API.start();
        ELSEWHERE.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + API.port();
        source(
                registry,
                0,
                "halfdown",
                "http://127.0.0.1:" + HALF_DOWN.port() + "/items?limit=20&skip={skip}",
                "template");
        source(registry, 1, "recovering", base + "/recovering", "page-number");
        registry.add("pipeline.sources[1].pagination.total-pages", () -> "/total_pages");
        source(registry, 2, "moved", base + "/moved", "none");
        registry.add("pipeline.sources[2].headers[x-api-key]", () -> "k3y-for-api-only");
        source(registry, 3, "renamed", base + "/renamed", "none");
        registry.add("pipeline.sources[3].headers[x-api-key]", () -> "k3y-for-api-only");
        source(registry, 4, "loop", base + "/loop", "none");
        source(registry, 5, "dribble", "http://127.0.0.1:" + HALF_DOWN.port() + "/dribble", "none");
        registry.add("pipeline.sources[5].read-timeout", () -> "1s");
        source(registry, 6, "steady", base + "/steady", "none");
        // The breaker opens after two failed pages and half-opens a second later.
        registry.add("resilience4j.retry.instances.recovering.max-attempts", () -> "2");
        registry.add("resilience4j.retry.instances.recovering.wait-duration", () -> "10ms");
        registry.add("resilience4j.circuitbreaker.instances.recovering.sliding-window-size", () -> "2");
        registry.add("resilience4j.circuitbreaker.instances.recovering.minimum-number-of-calls", () -> "2");
        registry.add("resilience4j.circuitbreaker.instances.recovering.wait-duration-in-open-state", () -> "1s");
        registry.add("resilience4j.bulkhead.instances.recovering.max-concurrent-calls", () -> "1");
        registry.add("resilience4j.retry.instances.dribble.max-attempts", () -> "2");
    }

    private static void source(DynamicPropertyRegistry registry, int index, String name, String url, String paging) {
        String prefix = "pipeline.sources[" + index + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "url", () -> url);
        registry.add(prefix + "items", () -> "/items");
        registry.add(prefix + "pagination.kind", () -> paging);
    }

    @AfterAll
    static void stopApis() {
        API.stop();
        ELSEWHERE.stop();
        HALF_DOWN.server.stop(0);
    }

    private static String items(int... ids) {
        return "{\"items\":["
                + IntStream.of(ids)
                        .mapToObj(id -> "{\"id\":" + id + ",\"title\":\"Item " + id + "\"}")
                        .collect(Collectors.joining(","))
                + "]}";
    }

    @Test
    void aSourceThatFailsHalfItsAttemptsButAlwaysRecoversIsFetchedWhole() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "halfdown");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids())
                .hasSize(194)
                .containsAll(IntStream.range(0, 194).mapToObj(Integer::toString).toList());
        // 10 pages of items and the empty page that ends a template walk, each failed once then fetched.
        int sent = HALF_DOWN.requests.get();
        assertThat(sent).isEqualTo(22);
        assertThat(run.stats("halfdown")).isEqualTo(new SourceStats(sent, 11, 11, 11, 194, 0));
    }

    @Test
    void pagesWaitForAnOpenBreakerToHalfOpenInsteadOfFailing() throws Exception {
        API.stubFor(
                get(urlPathEqualTo("/recovering")).willReturn(okJson("{\"total_pages\":6," + items(1).substring(1))));
        for (int page = 2; page <= 3; page++) {
            API.stubFor(get(urlPathEqualTo("/recovering"))
                    .withQueryParam("page", equalTo(Integer.toString(page)))
                    .willReturn(aResponse().withStatus(503)));
        }
        for (int page = 4; page <= 6; page++) {
            API.stubFor(get(urlPathEqualTo("/recovering"))
                    .withQueryParam("page", equalTo(Integer.toString(page)))
                    .willReturn(okJson(items(page))));
        }

        RunRecords run = RunRecords.run(port, broker, "recovering");

        // Pages 2 and 3 failed on every try and opened the breaker; 4 to 6 waited and were fetched.
        assertThat(run.ids()).containsExactlyInAnyOrder("1", "4", "5", "6");
        assertThat(run.errors()).extracting(RunEvent.FetchFailed::kind).containsExactly("http_error", "http_error");
        assertThat(run.errors())
                .extracting(RunEvent.FetchFailed::endpoint)
                .allSatisfy(endpoint -> assertThat(endpoint).matches(".*page=[23]"));
    }

    @Test
    void aRedirectToAnotherOriginIsRefusedAndNothingIsSentThere() throws Exception {
        ELSEWHERE.stubFor(get(anyUrl()).willReturn(okJson(items(66))));
        API.stubFor(get(urlPathEqualTo("/moved"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", "http://127.0.0.1:" + ELSEWHERE.port() + "/collect")));

        RunRecords run = RunRecords.run(port, broker, "moved");

        assertThat(ELSEWHERE.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(run.products()).isEmpty();
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("http_error");
            assertThat(error.error())
                    .isEqualTo(
                            "HTTP 302 redirect to 127.0.0.1:" + ELSEWHERE.port() + " refused: not the source's origin");
            assertThat(error.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aRedirectWithinTheOriginIsFollowedWithTheSourcesHeaders() throws Exception {
        API.stubFor(get(urlPathEqualTo("/renamed"))
                .willReturn(aResponse().withStatus(301).withHeader("Location", "/new-name")));
        API.stubFor(get(urlPathEqualTo("/new-name"))
                .withHeader("x-api-key", equalTo("k3y-for-api-only"))
                .willReturn(okJson(items(7, 8))));

        RunRecords run = RunRecords.run(port, broker, "renamed");

        assertThat(run.errors()).isEmpty();
        assertThat(run.ids()).containsExactlyInAnyOrder("7", "8");
        assertThat(run.products())
                .allSatisfy(product -> assertThat(product.endpoint()).endsWith("/renamed"));
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/new-name")))).hasSize(1);
    }

    @Test
    void aRedirectLoopEndsAfterAFewHops() throws Exception {
        API.stubFor(get(urlPathEqualTo("/loop"))
                .willReturn(aResponse().withStatus(307).withHeader("Location", "/loop")));

        RunRecords run = RunRecords.run(port, broker, "loop");

        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("http_error");
            assertThat(error.error()).isEqualTo("HTTP 307: more than " + PageClient.MAX_REDIRECTS + " redirects");
        });
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/loop")))).hasSize(PageClient.MAX_REDIRECTS + 1);
    }

    @Test
    void aBodyThatNeverEndsIsATimeoutAndHoldsUpNoOtherSource() throws Exception {
        API.stubFor(get(urlPathEqualTo("/steady")).willReturn(okJson(items(11, 12))));

        // Fails unless both are over well before the body would have ended (RunRecords waits 60 s).
        RunRecords run = RunRecords.run(port, broker, "dribble", "steady");

        assertThat(HALF_DOWN.dribbled.get()).isEqualTo(2);
        assertThat(run.ids()).containsExactlyInAnyOrder("11", "12");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.source()).isEqualTo("dribble");
            assertThat(error.kind()).isEqualTo("timeout");
            assertThat(error.error()).isEqualTo("no answer within PT1S");
            assertThat(error.attempts()).isEqualTo(2);
        });
    }

    /**
     * Two APIs the JDK's own server plays, as WireMock cannot: on {@code /items}, template-paged,
     * every page fails on its first request (a 503, or a 429 asking for a second's wait) and
     * answers on the next — half of all requests fail, no page fails twice; on {@code /dribble},
     * the headers come at once and then a byte of the body every four seconds for two minutes.
     */
    static final class HalfDown {

        final HttpServer server;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger dribbled = new AtomicInteger();
        private final Map<String, Integer> tries = new ConcurrentHashMap<>();
        private final int total;
        private final int pageSize;

        HalfDown(int total, int pageSize) {
            this.total = total;
            this.pageSize = pageSize;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/items", this::answer);
            server.createContext("/dribble", this::dribble);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void dribble(HttpExchange exchange) throws IOException {
            dribbled.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (exchange;
                    OutputStream body = exchange.getResponseBody()) {
                body.write('[');
                for (int i = 0; i < 30; i++) {
                    body.flush();
                    Thread.sleep(4_000);
                    body.write(' ');
                }
                body.write(']');
            } catch (InterruptedException | IOException gone) {
                // the fetcher hung up: what it should do
            }
        }

        private void answer(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            String query = exchange.getRequestURI().getQuery();
            int skip = Integer.parseInt(query.replaceAll(".*skip=(\\d+).*", "$1"));
            int tryOfPage = tries.merge(query, 1, Integer::sum);
            if (tryOfPage == 1) {
                boolean rateLimited = skip == 40 || skip == 120;
                if (rateLimited) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                exchange.sendResponseHeaders(rateLimited ? 429 : 503, -1);
                exchange.close();
                return;
            }
            byte[] body = items(IntStream.range(skip, Math.min(total, skip + pageSize))
                            .toArray())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }
}
