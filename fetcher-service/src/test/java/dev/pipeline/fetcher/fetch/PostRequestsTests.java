package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.GraphQl;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import dev.pipeline.fetcher.source.SourcesProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A POST page on WireMock, where the API must misbehave: retried as a GET is, never redirected,
 * and a GraphQL answer without data a {@code graphql_error} that is not retried.
 */
class PostRequestsTests {

    private WireMockServer api;

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void aPostIsRetriedAsAGetIsWithTheSameBody() {
        api.stubFor(post("/search")
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        api.stubFor(
                post("/search").inScenario("flaky").whenScenarioStateIs("up").willReturn(okJson("{\"items\":[]}")));
        SourceDefinition source = search();

        FetchOutcome outcome = fetch(source, URI.create(api.baseUrl() + "/search#/offset=20"));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        FetchOutcome.Succeeded.class,
                        ok -> assertThat(ok.page().attempts()).isEqualTo(2));
        api.verify(
                2,
                postRequestedFor(urlPathEqualTo("/search"))
                        .withHeader(
                                "Content-Type",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"q\":\"x\",\"offset\":20}")));
    }

    @Test
    void aPostFollowsNoRedirect() {
        api.stubFor(post("/search").willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));
        api.stubFor(post("/elsewhere").willReturn(okJson("{\"items\":[]}")));

        FetchOutcome outcome = fetch(search(), URI.create(api.baseUrl() + "/search#/offset=0"));

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.HTTP_ERROR);
            assertThat(failed.failure().message()).isEqualTo("HTTP 307: a POST source's redirects are not followed");
        });
        api.verify(0, postRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void graphqlDataNullIsAnErrorNotRetriedAndErrorsAreQuoted() {
        api.stubFor(post("/graphql").willReturn(okJson("{\"data\":null}")));
        api.stubFor(post("/graphql-errors")
                .willReturn(okJson("{\"data\":{\"products\":{\"edges\":[]}},\"errors\":[{\"message\":\"one\"},"
                        + "{\"message\":\"two\"},{\"message\":\"three\"},{\"message\":\"four\"}]}")));

        FetchOutcome nullData = fetch(graphql("/graphql"), URI.create(api.baseUrl() + "/graphql"));
        FetchOutcome errors = fetch(graphql("/graphql-errors"), URI.create(api.baseUrl() + "/graphql-errors"));

        assertThat(nullData).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.GRAPHQL_ERROR);
            assertThat(failed.failure().message()).isEqualTo("GraphQL response without data (data is null)");
            assertThat(failed.failure().attempts()).isEqualTo(1);
        });
        assertThat(errors)
                .as("partial data beside errors is refused too")
                .isInstanceOfSatisfying(
                        FetchOutcome.Failed.class,
                        failed -> assertThat(failed.failure().message())
                                .isEqualTo("GraphQL errors (4): one; two; three"));
        api.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
    }

    /** Shopify's and GitHub's throttling: HTTP 200 with errors, retried as a 429 is, then the page. */
    @Test
    void graphqlThrottlingIsRetriedAndThenThePageSucceeds() {
        String data = "{\"data\":{\"products\":{\"edges\":[{\"node\":{\"id\":\"1\"}}]}}}";
        api.stubFor(post("/shopify")
                .inScenario("shopify")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                        + "\"extensions\":{\"cost\":{\"requestedQueryCost\":150,\"throttleStatus\":"
                        + "{\"maximumAvailable\":1000,\"currentlyAvailable\":100,\"restoreRate\":50}}}}"))
                .willSetStateTo("restored"));
        api.stubFor(post("/shopify")
                .inScenario("shopify")
                .whenScenarioStateIs("restored")
                .willReturn(okJson(data)));
        api.stubFor(post("/github")
                .inScenario("github")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"errors\":[{\"type\":\"RATE_LIMITED\",\"message\":\"API rate limit exceeded\"}]}")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("reset"));
        api.stubFor(post("/github")
                .inScenario("github")
                .whenScenarioStateIs("reset")
                .willReturn(okJson(data)));

        for (String path : List.of("/shopify", "/github")) {
            long started = System.nanoTime();
            FetchOutcome outcome = fetch(graphql(path), URI.create(api.baseUrl() + path));

            assertThat(outcome).as(path).isInstanceOfSatisfying(FetchOutcome.Succeeded.class, ok -> {
                assertThat(ok.page().attempts()).isEqualTo(2);
                assertThat(ok.page().body().at("/data/products/edges")).hasSize(1);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as(path
                            + ": waited as the server asked (50 points missing at a restore rate of 50/s; Retry-After: 1),"
                            + " not the retry's 20 ms")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            api.verify(2, postRequestedFor(urlPathEqualTo(path)));
        }
    }

    @Test
    void graphqlErrorsThatAreNoThrottlingStayFinalAndThrottlingPastTheRetriesIsAnError() {
        api.stubFor(post("/graphql")
                .willReturn(okJson("{\"errors\":[{\"message\":\"Field 'x' doesn't exist\","
                        + "\"extensions\":{\"code\":\"undefinedField\"}}]}")));
        api.stubFor(post("/always-throttled")
                .willReturn(
                        okJson("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}]}")));

        FetchOutcome wrongQuery = fetch(graphql("/graphql"), URI.create(api.baseUrl() + "/graphql"));
        FetchOutcome throttled = fetch(graphql("/always-throttled"), URI.create(api.baseUrl() + "/always-throttled"));

        assertThat(wrongQuery).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.GRAPHQL_ERROR);
            assertThat(failed.failure().attempts()).isEqualTo(1);
        });
        assertThat(throttled).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.GRAPHQL_ERROR);
            assertThat(failed.failure().message()).isEqualTo("throttled: GraphQL errors (1): Throttled");
            assertThat(failed.failure().attempts()).isEqualTo(3);
        });
    }

    private SourceDefinition search() {
        return Sources.named("search", api.baseUrl() + "/search")
                .items("/items")
                .pagination(new Pagination(
                        Pagination.Kind.OFFSET_LIMIT,
                        null,
                        0,
                        null,
                        null,
                        10,
                        null,
                        null,
                        null,
                        null,
                        0,
                        "/offset",
                        null,
                        null))
                .post(Map.of("q", "x"))
                .build();
    }

    private SourceDefinition graphql(String path) {
        return Sources.named("shop", api.baseUrl() + path)
                .graphql(new GraphQl(
                        "{ products { edges { node { id } } } }", null, "/products/edges", null, null, null, 0))
                .build();
    }

    private static FetchOutcome fetch(SourceDefinition source, URI page) {
        PageClient client = new PageClient(
                new FetchProperties(
                        4, Duration.ofSeconds(2), Duration.ofSeconds(10), 1024 * 1024, Duration.ofSeconds(30)),
                new SourcesProperties(List.of(source)),
                RetryRegistry.of(RetryConfig.custom()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(20))
                        .build()),
                CircuitBreakerRegistry.ofDefaults(),
                RateLimiterRegistry.of(RateLimiterConfig.custom()
                        .limitForPeriod(1000)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .build()),
                BulkheadRegistry.ofDefaults());
        return client.fetch(source, page, new SourceCounters(), Deadline.after(Duration.ofSeconds(20)));
    }
}
