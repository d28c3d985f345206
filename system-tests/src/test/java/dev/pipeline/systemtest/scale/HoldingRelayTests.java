package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay SeparateDisksIT puts between each processor and the object store, against a JDK HTTP server. */
@Timeout(30)
class HoldingRelayTests {

    private static final String UPLOAD = "PUT /bucket/run-1.json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HoldingRelay relay;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(body, StandardCharsets.UTF_8));
            byte[] answer = ("ok " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        relay = new HoldingRelay(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        relay.close();
        server.stop(0);
        http.close();
    }

    @Test
    void passesRequestsAndAnswersBothWays() throws Exception {
        relay.hold(UPLOAD);

        assertThat(send(get("/bucket?list-type=2")).body()).isEqualTo("ok /bucket");
        assertThat(send(put("/bucket/run-2.json", "{}")).body()).isEqualTo("ok /bucket/run-2.json");

        assertThat(relay.matches()).isZero();
        assertThat(seen).containsExactly("GET /bucket?list-type=2 ", "PUT /bucket/run-2.json {}");
    }

    @Test
    void holdsTheWatchedRequestUntilReleasedAndThenForwardsItWhole() throws Exception {
        relay.hold(UPLOAD);

        CompletableFuture<HttpResponse<String>> upload =
                http.sendAsync(put("/bucket/run-1.json", "{\"a\":1}"), HttpResponse.BodyHandlers.ofString());

        assertThat(relay.awaitHeld(Duration.ofSeconds(10))).isTrue();
        Thread.sleep(300);
        assertThat(seen).as("the server has seen none of it").isEmpty();
        assertThat(upload).isNotDone();
        relay.release();

        assertThat(upload.get(10, TimeUnit.SECONDS).body()).isEqualTo("ok /bucket/run-1.json");
        assertThat(seen).containsExactly("PUT /bucket/run-1.json {\"a\":1}");
        assertThat(send(put("/bucket/run-1.json", "{\"a\":2}")).statusCode())
                .as("after a release, the same request passes, counted")
                .isEqualTo(200);
        assertThat(relay.matches()).isEqualTo(2);
    }

    @Test
    void aDroppedRequestNeverReachesTheServer() throws Exception {
        relay.hold(UPLOAD);

        CompletableFuture<HttpResponse<String>> upload =
                http.sendAsync(put("/bucket/run-1.json", "{\"a\":1}"), HttpResponse.BodyHandlers.ofString());
        assertThat(relay.awaitHeld(Duration.ofSeconds(10))).isTrue();
        relay.drop();

        assertThatThrownBy(() -> upload.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        Thread.sleep(300);
        assertThat(seen).isEmpty();
        assertThat(relay.isHolding()).isFalse();
    }

    @Test
    void findsTheRequestSplitAcrossReadsAndAfterAnotherOnTheSameConnection() throws Exception {
        relay.hold(UPLOAD);
        String first = "GET /bucket?list-type=2 HTTP/1.1\r\nHost: x\r\n\r\n";
        String second = "PUT /bucket/run-1.json HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), relay.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((first + "PUT /buc").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).endsWith("ok /bucket");
            Thread.sleep(200);
            out.write(second.substring("PUT /buc".length()).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(relay.awaitHeld(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly("GET /bucket?list-type=2 ");
            relay.release();
            assertThat(readResponse(in)).endsWith("ok /bucket/run-1.json");
        }
        assertThat(seen).containsExactly("GET /bucket?list-type=2 ", "PUT /bucket/run-1.json {}");
    }

    @Test
    void keepsBackOnlyWhatCouldBeginTheText() {
        byte[] text = "PUT /b".getBytes(StandardCharsets.US_ASCII);
        assertThat(HoldingRelay.possibleStart("xxPU".getBytes(StandardCharsets.US_ASCII), text))
                .isEqualTo(2);
        assertThat(HoldingRelay.possibleStart("xx}".getBytes(StandardCharsets.US_ASCII), text))
                .isZero();
        assertThat(HoldingRelay.indexOf("a PUT /b c".getBytes(StandardCharsets.US_ASCII), text))
                .isEqualTo(2);
    }

    /** One HTTP/1.1 response with a Content-Length body, as text. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString()
                .lines()
                .filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst()
                .orElseThrow()
                .substring("content-length:".length())
                .strip());
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(relay.endpoint().resolve(path)).GET().build();
    }

    private HttpRequest put(String path, String body) {
        return HttpRequest.newBuilder(relay.endpoint().resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
