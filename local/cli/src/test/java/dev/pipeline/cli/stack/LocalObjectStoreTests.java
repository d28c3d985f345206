package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pipeline.common.net.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real object store process from S3Mock's jar: the one a stack with an object store starts. */
class LocalObjectStoreTests {

    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheJarCopied() {
        jar = PipelineHome.locate().objectStoreJar();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build local/cli first (./mvnw -pl local/cli generate-resources, "
                    + "or build the whole reactor)");
        }
    }

    @Test
    void servesItsBucketOverS3sApiOnAFreePortThenStops() throws Exception {
        URI endpoint;
        try (HttpClient http = HttpClient.newHttpClient();
                LocalObjectStore store = LocalObjectStore.start(jar, dir.resolve("objects"), dir.resolve("logs"))) {
            endpoint = store.endpoint();
            URI bucket = endpoint.resolve(store.bucket());
            HttpResponse<String> empty = http.send(
                    HttpRequest.newBuilder(URI.create(bucket + "?list-type=2")).build(), ofString());
            assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
            assertThat(empty.body()).contains("<Name>" + LocalObjectStore.BUCKET + "</Name>", "<KeyCount>0</KeyCount>");

            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(bucket + "/run-1.json"))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                            .build(),
                    ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(bucket + "?list-type=2&prefix=run-"))
                                            .build(),
                                    ofString())
                            .body())
                    .contains("<Key>run-1.json</Key>");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(bucket + "/run-1.json"))
                                            .build(),
                                    ofString())
                            .body())
                    .isEqualTo("{\"a\":1}");
            assertThat(store.processorArgs(endpoint))
                    .contains(
                            "--pipeline.processor.reports.store=s3",
                            "--pipeline.processor.reports.s3.endpoint="
                                    + endpoint.toString().replaceAll("/$", ""));
        }
        assertThat(FreePorts.isFree(endpoint.getPort()))
                .as("its port after close")
                .isTrue();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }
}
