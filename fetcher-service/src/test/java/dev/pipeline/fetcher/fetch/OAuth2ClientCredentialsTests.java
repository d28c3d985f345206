package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.upstream.OAuthSettings;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 client credentials on the fetcher's page client, against the stand-in upstream's token
 * endpoint and its {@code /oauth/products} (tokens it issued, unexpired, unrevoked), and WireMock
 * where the API must misbehave: one token for a source's concurrent pages, a new one before the
 * old expires, one new token and one more try on a 401, a second 401 the page's error, a token
 * endpoint in trouble an {@code auth_failed} error that names neither secret nor token.
 */
class OAuth2ClientCredentialsTests {

    private static final String SECRET = "cl1ent-s3cr3t";

    private StandInUpstream upstream;
    private WireMockServer api;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.close();
        }
        if (api != null) {
            api.stop();
        }
    }

    @Test
    void concurrentPagesOfASourceShareOneToken() throws Exception {
        upstream = standIn(oauth());
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);
        PageClient client = client(source, 0);

        List<FetchOutcome> outcomes = concurrently(
                16,
                page -> client.fetch(
                        source,
                        URI.create(upstream.baseUrl() + "/oauth/products?limit=5&skip=" + page * 5),
                        counters(),
                        in()));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(FetchOutcome.Succeeded.class));
        assertThat(upstream.requestCount("/oauth/token")).isEqualTo(1);
        assertThat(upstream.oauth().refused()).isZero();
    }

    @Test
    void theClientMayAuthenticateInTheFormBody() {
        upstream = standIn(oauth());
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BODY);

        assertThat(client(source, 0).fetch(source, page(0), counters(), in()))
                .isInstanceOf(FetchOutcome.Succeeded.class);
    }

    @Test
    void aTokenIsRenewedShortlyBeforeItExpiresNotAfterARefusal() throws Exception {
        upstream = standIn(oauth().withTokenLifetime(Duration.ofSeconds(2)));
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);
        PageClient client = client(source, 0);

        assertThat(client.fetch(source, page(0), counters(), in())).isInstanceOf(FetchOutcome.Succeeded.class);
        assertThat(client.fetch(source, page(1), counters(), in())).isInstanceOf(FetchOutcome.Succeeded.class);
        assertThat(upstream.oauth().issued()).isEqualTo(1);
        Thread.sleep(1_900); // past 2 s less a tenth: renewal time, while the token still works
        assertThat(client.fetch(source, page(2), counters(), in())).isInstanceOf(FetchOutcome.Succeeded.class);

        assertThat(upstream.oauth().issued()).isEqualTo(2);
        assertThat(upstream.oauth().refused()).isZero();
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndThePageAskedForAgain() {
        // Without expires_in the client cannot know: it keeps the token until the API refuses it.
        upstream = standIn(oauth().withoutExpiry());
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);
        PageClient client = client(source, 0);
        assertThat(client.fetch(source, page(0), counters(), in())).isInstanceOf(FetchOutcome.Succeeded.class);

        upstream.oauth().revokeAll();
        FetchOutcome afterRevoking = client.fetch(source, page(1), counters(), in());

        assertThat(afterRevoking).isInstanceOf(FetchOutcome.Succeeded.class);
        assertThat(((FetchOutcome.Succeeded) afterRevoking).page().attempts()).isEqualTo(1);
        assertThat(upstream.oauth().refused()).isEqualTo(1);
        assertThat(upstream.oauth().issued()).isEqualTo(2);
    }

    @Test
    void aSecond401IsThePagesErrorAfterExactlyOneNewToken() {
        api = wireMock();
        api.stubFor(post(urlPathEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("second")
                .willReturn(okJson("{\"access_token\":\"tok-first\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        api.stubFor(post(urlPathEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"tok-second\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        api.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(401)));
        SourceDefinition source = wireMockSource();

        FetchOutcome outcome = client(source, 2).fetch(source, URI.create(api.baseUrl() + "/items"), counters(), in());

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.HTTP_ERROR);
            assertThat(failed.failure().message()).startsWith("HTTP 401").doesNotContain("tok-");
            assertThat(failed.failure().attempts()).as("a 401 is not retried").isEqualTo(1);
        });
        api.verify(2, postRequestedFor(urlPathEqualTo("/token")));
        api.verify(2, getRequestedFor(urlPathEqualTo("/items")));
        api.verify(
                1, getRequestedFor(urlPathEqualTo("/items")).withHeader("Authorization", equalTo("Bearer tok-first")));
        api.verify(
                1, getRequestedFor(urlPathEqualTo("/items")).withHeader("Authorization", equalTo("Bearer tok-second")));
    }

    @Test
    void aTokenEndpointThatIsDownIsAnAuthFailedErrorAfterThePagesRetries() {
        upstream = standIn(oauth());
        upstream.oauth().down(true);
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);

        FetchOutcome outcome = client(source, 3).fetch(source, page(0), counters(), in());

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.AUTH_FAILED);
            assertThat(failed.failure().message())
                    .isEqualTo("token endpoint " + upstream.baseUrl() + "/oauth/token answered HTTP 503");
            assertThat(failed.failure().attempts()).isEqualTo(3);
        });
        assertThat(upstream.requestCount("/oauth/token")).isEqualTo(3);
        assertThat(upstream.requestCount("/oauth/products"))
                .as("no page without a token")
                .isZero();
    }

    @Test
    void anErrorNamesTheTokenEndpointWithoutItsQueryWhichMayHoldACredential() {
        upstream = standIn(oauth());
        upstream.oauth().down(true);
        SourceDefinition withQuery = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);
        Auth auth = withQuery.auth();
        SourceDefinition source = withAuth(
                withQuery.url(),
                new Auth(
                        auth.kind(),
                        null,
                        null,
                        null,
                        null,
                        auth.tokenUrl() + "?tenant_key=query-secret",
                        auth.clientId(),
                        SECRET,
                        auth.scopes(),
                        null,
                        auth.clientAuthentication()));

        FetchOutcome outcome = client(source, 1).fetch(source, page(0), counters(), in());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        FetchOutcome.Failed.class,
                        failed -> assertThat(failed.failure().message())
                                .isEqualTo("token endpoint " + upstream.baseUrl() + "/oauth/token answered HTTP 503")
                                .doesNotContain("query-secret"));
    }

    @Test
    void concurrentPagesShareATokenEndpointsFailureRatherThanEachAskingAgain() throws Exception {
        api = wireMock();
        api.stubFor(post(urlPathEqualTo("/token"))
                .willReturn(aResponse().withStatus(503).withFixedDelay(300)));
        SourceDefinition source = wireMockSource();
        PageClient client = client(source, 1);

        List<FetchOutcome> outcomes = concurrently(
                8, page -> client.fetch(source, URI.create(api.baseUrl() + "/items?p=" + page), counters(), in()));

        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome)
                        .isInstanceOfSatisfying(
                                FetchOutcome.Failed.class,
                                failed -> assertThat(failed.failure().kind()).isEqualTo(ErrorKind.AUTH_FAILED)));
        // The first asks, the seven that waited for its answer share it.
        api.verify(1, postRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void aRefusedClientIsAnAuthFailedErrorAtOnceNamingTheOAuthErrorButNoSecret() {
        upstream = standIn(new OAuthSettings("stand-in-client", "another-secret", Duration.ofSeconds(60), true));
        SourceDefinition source = source(upstream.baseUrl(), Auth.ClientAuthentication.BASIC);

        FetchOutcome outcome = client(source, 3).fetch(source, page(0), counters(), in());

        assertThat(outcome).isInstanceOfSatisfying(FetchOutcome.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.AUTH_FAILED);
            assertThat(failed.failure().message())
                    .isEqualTo("token endpoint " + upstream.baseUrl()
                            + "/oauth/token refused the client: HTTP 401 (invalid_client)")
                    .doesNotContain(SECRET);
            assertThat(failed.failure().attempts()).as("not retried").isEqualTo(1);
        });
    }

    /** The stand-in's token endpoint, knowing the client the sources here are. */
    private static OAuthSettings oauth() {
        return new OAuthSettings("stand-in-client", SECRET, Duration.ofSeconds(60), true);
    }

    private static StandInUpstream standIn(OAuthSettings oauth) {
        return StandInUpstream.start("127.0.0.1", 0, Settings.defaults(), 0, oauth);
    }

    private static WireMockServer wireMock() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    private SourceDefinition wireMockSource() {
        return withAuth(
                api.baseUrl() + "/items",
                Auth.clientCredentials(api.baseUrl() + "/token", "stand-in-client", SECRET, List.of("read"), null));
    }

    private static SourceDefinition source(String baseUrl, Auth.ClientAuthentication clientAuthentication) {
        return withAuth(
                baseUrl + "/oauth/products",
                new Auth(
                        Auth.Kind.OAUTH2_CLIENT_CREDENTIALS,
                        null,
                        null,
                        null,
                        null,
                        baseUrl + "/oauth/token",
                        "stand-in-client",
                        SECRET,
                        List.of("products:read"),
                        null,
                        clientAuthentication));
    }

    private static SourceDefinition withAuth(String url, Auth auth) {
        return Sources.named("secured", url)
                .items("/products")
                .itemsRequired(false)
                .auth(auth)
                .build();
    }

    private URI page(int page) {
        return URI.create(upstream.baseUrl() + "/oauth/products?limit=5&skip=" + page * 5);
    }

    /** @param retries attempts per page; 0: resilience4j's defaults */
    private static PageClient client(SourceDefinition source, int retries) {
        RetryConfig retry = retries == 0
                ? RetryConfig.ofDefaults()
                : RetryConfig.custom()
                        .maxAttempts(retries)
                        .waitDuration(Duration.ofMillis(20))
                        .build();
        return new PageClient(
                new FetchProperties(
                        16, Duration.ofSeconds(2), Duration.ofSeconds(10), 32L * 1024 * 1024, Duration.ofSeconds(30)),
                new SourcesProperties(List.of(source)),
                RetryRegistry.of(retry),
                CircuitBreakerRegistry.ofDefaults(),
                RateLimiterRegistry.of(RateLimiterConfig.custom()
                        .limitForPeriod(1000)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .build()),
                BulkheadRegistry.of(
                        BulkheadConfig.custom().maxConcurrentCalls(16).build()));
    }

    private static SourceCounters counters() {
        return new SourceCounters();
    }

    private static Deadline in() {
        return Deadline.after(Duration.ofSeconds(20));
    }

    @FunctionalInterface
    private interface PageFetch {
        FetchOutcome fetch(int page);
    }

    /** {@code pages} fetches started together, so that all of them find no token yet. */
    private static List<FetchOutcome> concurrently(int pages, PageFetch fetch) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FetchOutcome>> futures = new ArrayList<>();
            for (int page = 0; page < pages; page++) {
                int p = page;
                Callable<FetchOutcome> call = () -> {
                    start.await();
                    return fetch.fetch(p);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            List<FetchOutcome> outcomes = new ArrayList<>();
            for (Future<FetchOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        }
    }
}
