package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /quota/products}: one quota for all callers, announced on every answer in the style asked
 * for, and a 429 with {@code Retry-After} past it, counted. Windows of a minute, so that no window
 * ends during a test.
 */
class QuotaLimitedTests {

    private StandInUpstream upstream;
    private UpstreamClient client;

    @BeforeEach
    void start() {
        upstream = StandInUpstream.start(
                "127.0.0.1",
                0,
                Settings.defaults(),
                0,
                OAuthSettings.defaults(),
                new QuotaSettings(3, Duration.ofMinutes(1), QuotaStyle.IETF));
        client = new UpstreamClient(upstream);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void grantsTheQuotaAcrossCallersThenRefusesWithRetryAfterAndCountsTheRefusals() {
        HttpResponse<String> first = client.get("/quota/products?limit=5");
        client.get("/quota/products?skip=5&limit=5");
        HttpResponse<String> third = client.get("/quota/products?skip=10&limit=5");
        HttpResponse<String> refused = client.get("/quota/products?skip=15&limit=5");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(UpstreamClient.json(first).path("products").size()).isEqualTo(5);
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("3");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("2");
        assertThat(third.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(third.headers().firstValue("RateLimit-Reset").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(upstream.quota().granted()).isEqualTo(3);
        assertThat(upstream.quota().refused()).isEqualTo(1);
    }

    @Test
    void announcesInTheStyleARequestAsksFor() {
        HttpResponse<String> combined = client.get("/quota/products?quota-style=combined");
        HttpResponse<String> x = client.get("/quota/products?quota-style=x");
        HttpResponse<String> epoch = client.get("/quota/products?quota-style=x-epoch");

        assertThat(combined.headers().firstValue("RateLimit-Policy")).hasValue("\"window\";q=3;w=60");
        assertThat(combined.headers().firstValue("RateLimit")).get().asString().matches("\"window\";r=2;t=\\d+");
        assertThat(combined.headers().firstValue("RateLimit-Remaining")).isEmpty();
        assertThat(x.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        assertThat(Long.parseLong(x.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isBetween(1L, 60L);
        long now = Instant.now().getEpochSecond();
        assertThat(epoch.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(
                        epoch.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isBetween(now, now + 61);
    }

    @Test
    void anUnknownAddressUnderItIsNotFoundAndSpendsNoQuota() {
        assertThat(client.get("/quota/nothing").statusCode()).isEqualTo(404);
        assertThat(upstream.quota().granted() + upstream.quota().refused()).isZero();
    }

    @Test
    void anUnknownStyleIsABadRequest() {
        HttpResponse<String> response = client.get("/quota/products?quota-style=smoke-signals");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("quota-style must be one of");
    }

    @Test
    void aNewQuotaStartsAFreshWindowWithTheCountsZeroed() {
        for (int i = 0; i < 4; i++) {
            client.get("/quota/products");
        }
        upstream.quota().set(1, Duration.ofMinutes(1), QuotaStyle.X);

        HttpResponse<String> granted = client.get("/quota/products");

        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(upstream.quota().refused()).isZero();
        assertThatThrownBy(() -> upstream.quota().set(1, Duration.ofMillis(1500), QuotaStyle.X))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLaunchOptionsSetTheQuota() {
        LaunchOptions options =
                LaunchOptions.parse("--quota-limit", "5", "--quota-window-seconds", "2", "--quota-style", "x-epoch");

        assertThat(options.quota()).isEqualTo(new QuotaSettings(5, Duration.ofSeconds(2), QuotaStyle.X_EPOCH));
        assertThat(LaunchOptions.parse().quota()).isEqualTo(QuotaSettings.defaults());
        assertThatThrownBy(() -> LaunchOptions.parse("--quota-style", "fax"))
                .hasMessageStartingWith("--quota-style must be one of");
    }
}
