package dev.pipeline.processor.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.pipeline.processor.store.ObjectStoreServer;
import dev.pipeline.processor.store.ReportStore.Kind;
import dev.pipeline.processor.store.S3ReportStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object store failing is the environment's failure, like a full disk: whatever the store does
 * (write, find, list, open, delete) surfaces as an {@link IOException}, which {@link Failures} classes
 * environmental, so the report is waited out (consumption paused) and never failed for the run. A
 * failure of the report's own content stays the run's.
 */
class ObjectStoreOutageTests {

    @TempDir
    Path work;

    @Test
    void aStoppedServerIsAnOutageNotTheRunsFailure() throws Exception {
        S3ReportStore store;
        try (ObjectStoreServer server = ObjectStoreServer.start("reports");
                S3Client client = server.client()) {
            store = new S3ReportStore(client, "reports", "", work);
            store.write("run-1", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));

            server.close();
            assertThat(server.isRunning()).isFalse();

            assertEnvironmental(catchThrowable(
                    () -> store.write("run-2", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)))));
            assertEnvironmental(catchThrowable(() -> store.find("run-1", Kind.REPORT)));
            assertEnvironmental(catchThrowable(() -> store.list()));
            assertEnvironmental(catchThrowable(() -> store.open("run-1", Kind.REPORT)));
            assertEnvironmental(catchThrowable(() -> store.delete("run-1", Kind.REPORT)));
            assertThat(scratchFiles(store))
                    .as("the scratch file goes whatever happened")
                    .isEmpty();
        }
    }

    @Test
    void aServerAnswering503SlowDownIsAnOutage() throws Exception {
        HttpServer slowDown = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowDown.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                            + "<Message>Please reduce your request rate.</Message></Error>")
                    .getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                exchange.sendResponseHeaders(503, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        slowDown.start();
        try (S3Client client = ObjectStoreServer.clientOf(
                URI.create("http://127.0.0.1:" + slowDown.getAddress().getPort()))) {
            S3ReportStore store = new S3ReportStore(client, "reports", "", work);

            Throwable write =
                    catchThrowable(() -> store.write("run-1", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8))));

            assertEnvironmental(write);
            assertThat(write).hasMessageContaining("PutObject of s3://reports/run-1.json failed (HTTP 503");
            assertEnvironmental(catchThrowable(() -> store.find("run-1", Kind.REPORT)));
            assertEnvironmental(catchThrowable(() -> store.list()));
        } finally {
            slowDown.stop(0);
        }
    }

    @Test
    void theReportsOwnFailureStaysTheRuns() throws Exception {
        // No server needed: the content fails before anything is sent.
        try (S3Client client = ObjectStoreServer.clientOf(URI.create("http://127.0.0.1:9"))) {
            S3ReportStore store = new S3ReportStore(client, "reports", "", work);

            Throwable own = catchThrowable(() -> store.write("run-1", Kind.REPORT, out -> {
                throw new ArithmeticException("a bug the run's data triggers");
            }));

            assertThat(own).isInstanceOf(ArithmeticException.class);
            assertThat(Failures.environmental(own)).isFalse();
            assertThat(scratchFiles(store)).isEmpty();
        }
    }

    private static void assertEnvironmental(Throwable failure) {
        assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(NoSuchFileException.class);
        assertThat(Failures.environmental(failure)).as("%s", failure).isTrue();
    }

    private static List<Path> scratchFiles(S3ReportStore store) throws IOException {
        if (!Files.isDirectory(store.scratchDirectory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(store.scratchDirectory())) {
            return files.toList();
        }
    }
}
