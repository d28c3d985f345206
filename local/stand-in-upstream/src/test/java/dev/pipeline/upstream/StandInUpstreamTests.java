package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StandInUpstreamTests {

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
    void listensOnLoopbackAtTheReportedPort() {
        assertThat(upstream.port()).isPositive();
        assertThat(upstream.baseUrl()).isEqualTo("http://127.0.0.1:" + upstream.port());
    }

    @Test
    void healthIsUp() {
        HttpResponse<String> response = client.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void unknownPathIsNotFoundInJson() {
        HttpResponse<String> response = client.get("/dummyjson/carts");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"not found\"}");
    }

    @Test
    void onlyGetIsAllowed() {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void countsRequestsByPathPrefixIncludingConcurrentOnes() throws Exception {
        try (StandInUpstream counted = StandInUpstream.start(0, Settings.defaults())) {
            UpstreamClient counting = new UpstreamClient(counted);
            List<Future<Integer>> statuses = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    int skip = i;
                    statuses.add(callers.submit(() -> counting.get("/dummyjson/products?limit=5&skip=" + skip)
                            .statusCode()));
                }
            }
            counting.get("/jsonplaceholder/posts?_page=1");
            counting.get("/nowhere");

            assertThat(statuses).allSatisfy(status -> assertThat(status.get()).isEqualTo(200));
            assertThat(counted.requestCount("/dummyjson/")).isEqualTo(200);
            assertThat(counted.requestCount("/jsonplaceholder/")).isEqualTo(1);
            assertThat(counted.requestCount("/")).isEqualTo(202);
            assertThat(counted.requestCount("/reqres/")).isZero();
        }
    }

    @Test
    void closingFreesThePortAndCanBeRepeated() {
        StandInUpstream shortLived = StandInUpstream.start(0, Settings.defaults());
        int port = shortLived.port();

        shortLived.close();
        shortLived.close();

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void aTakenPortIsReportedAsSuch() {
        assertThatExceptionOfType(UncheckedIOException.class)
                .isThrownBy(() -> StandInUpstream.start(upstream.port(), Settings.defaults()))
                .withMessageContaining("127.0.0.1:" + upstream.port());
    }
}
