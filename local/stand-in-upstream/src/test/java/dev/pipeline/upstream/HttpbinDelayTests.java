package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class HttpbinDelayTests {

    private static StandInUpstream upstream;
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        upstream = StandInUpstream.start(0, Settings.defaults());
        client = new UpstreamClient(upstream);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void waitsTheGivenFractionOfASecondThenEchoesTheRequest() {
        long started = System.nanoTime();
        HttpResponse<String> response = client.get("/httpbin/delay/0.1?probe=yes", "X-Probe", "42");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode echo = UpstreamClient.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(echo.propertyNames()).containsExactly("args", "data", "files", "form", "headers", "origin", "url");
        assertThat(echo.get("args").get("probe").stringValue()).isEqualTo("yes");
        assertThat(echo.get("data").stringValue()).isEmpty();
        assertThat(echo.get("files").isEmpty()).isTrue();
        assertThat(echo.get("files").isObject()).isTrue();
        assertThat(echo.get("form").isEmpty()).isTrue();
        assertThat(echo.get("form").isObject()).isTrue();
        assertThat(echo.get("headers").get("X-probe").stringValue()).isEqualTo("42");
        assertThat(echo.get("origin").stringValue()).isEqualTo("127.0.0.1");
        assertThat(echo.get("url").stringValue()).isEqualTo(client.baseUrl() + "/httpbin/delay/0.1?probe=yes");
    }

    @Test
    void zeroAnswersAtOnce() {
        assertThat(client.get("/httpbin/delay/0").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "NaN", "1e3", ""})
    void aDelayThatIsNotAPlainNumberIsRefused(String delay) {
        HttpResponse<String> response = client.get("/httpbin/delay/" + delay);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(UpstreamClient.json(response).get("error").stringValue()).contains("delay");
    }
}
