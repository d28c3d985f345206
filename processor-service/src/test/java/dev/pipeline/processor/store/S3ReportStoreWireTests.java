package dev.pipeline.processor.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.pipeline.processor.store.ReportStore.Kind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a write puts on the wire, seen by a plain HTTP server that answers every request 200: one
 * {@code PUT} of the whole object (no multipart upload, which S3 would show part by part never, but
 * which could be left half-done), its length, and its SHA-256 as the checksum header AWS S3 verifies
 * on arrival. S3Mock (the server of {@link S3ReportStoreTests}) accepts that header but keeps and
 * checks nothing of it, so this is where it is held.
 */
class S3ReportStoreWireTests {

    record Request(String method, String path, Headers headers, byte[] body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private S3Client client;

    @TempDir
    Path work;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        client = ObjectStoreServer.clientOf(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aWriteIsOnePutOfTheWholeObjectWithItsSha256() throws Exception {
        byte[] body = "{\"summary\":{}}".getBytes(UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);

        new S3ReportStore(client, "reports", "runs/", work).write("run-1", Kind.REPORT, out -> out.write(body));

        assertThat(requests).singleElement().satisfies(put -> {
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo("/reports/runs/run-1.json");
            assertThat(payload(put)).isEqualTo(body);
            assertThat(put.headers().getFirst("x-amz-checksum-sha256"))
                    .isEqualTo(Base64.getEncoder().encodeToString(digest));
            assertThat(put.headers().getFirst("x-amz-meta-sha256"))
                    .isEqualTo(HexFormat.of().formatHex(digest));
        });
    }

    /**
     * The object's bytes of a PUT: over plain http the SDK signs the body chunk by chunk
     * ({@code Content-Encoding: aws-chunked}, {@code <hex size>;chunk-signature=...\r\n<data>\r\n}, ending
     * with a chunk of size 0), with the object's length in {@code x-amz-decoded-content-length}.
     */
    private static byte[] payload(Request put) {
        String encoding = put.headers().getFirst("Content-Encoding");
        if (encoding == null || !encoding.contains("aws-chunked")) {
            assertThat(put.headers().getFirst("Content-Length")).isEqualTo(String.valueOf(put.body().length));
            return put.body();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] raw = put.body();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(raw, at);
            String header = new String(raw, at, lineEnd - at, UTF_8);
            int size = Integer.parseInt(header.split(";", 2)[0], 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(raw, at, size);
            at += size + 2;
        }
        byte[] decoded = out.toByteArray();
        assertThat(put.headers().getFirst("x-amz-decoded-content-length")).isEqualTo(String.valueOf(decoded.length));
        return decoded;
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk header at " + from);
    }
}
