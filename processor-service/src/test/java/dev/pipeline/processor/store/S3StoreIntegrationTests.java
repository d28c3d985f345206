package dev.pipeline.processor.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorApplication;
import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The processor with {@code pipeline.processor.reports.store=s3} against a real S3-compatible server
 * (S3Mock, a process of its own) and the in-process broker: it starts with the object store as its
 * {@link ReportStore}, credentials from the SDK's default chain, and what the store writes is in the
 * bucket. A bucket that is not there stops the start, naming it and the endpoint.
 *
 * <p>Bean wiring only: the report writer still writes to the output directory until the callers move
 * onto {@link ReportStore} (issue #19, piece A); then a run's report lands in the bucket end to end.
 */
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.PRODUCTS, Topics.RUNS})
class S3StoreIntegrationTests {

    private static final String BUCKET = "pipeline-reports";

    private static ObjectStoreServer server;
    private static S3Client client;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServer() throws Exception {
        server = ObjectStoreServer.start(BUCKET);
        client = server.client();
        // The default provider chain's system-property step, as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY would be.
        System.setProperty("aws.accessKeyId", ObjectStoreServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", ObjectStoreServer.SECRET_KEY);
    }

    @AfterAll
    static void stopServer() throws IOException {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theProcessorStartsWithTheObjectStoreAndItsWritesAreInTheBucket(EmbeddedKafkaBroker broker) throws Exception {
        Path work = temp.resolve("work");
        Path leftover = work.resolve(S3ReportStore.SCRATCH_DIR_NAME).resolve(".run-0.dead.json.tmp");
        Files.createDirectories(leftover.getParent());
        Files.writeString(leftover, "{\"half\":");

        try (ConfigurableApplicationContext processor = new SpringApplicationBuilder(ProcessorApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.consumer.group-id=s3-store",
                        "--pipeline.processor.output-dir=" + temp.resolve("output"),
                        "--pipeline.processor.work-dir=" + work,
                        "--pipeline.processor.reports.store=s3",
                        "--pipeline.processor.reports.s3.bucket=" + BUCKET,
                        "--pipeline.processor.reports.s3.prefix=reports/",
                        "--pipeline.processor.reports.s3.endpoint=" + server.endpoint(),
                        "--pipeline.processor.reports.s3.path-style=true")) {
            ReportStore store = processor.getBean(ReportStore.class);

            assertThat(store).isInstanceOf(S3ReportStore.class);
            assertThat(store.describe()).isEqualTo("s3://" + BUCKET + "/reports/");
            assertThat(leftover)
                    .as("a crashed write's scratch file, wiped with the work directory")
                    .doesNotExist();

            Stored stored = store.write("run-ctx", ReportStore.Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));

            assertThat(stored.location()).isEqualTo("s3://" + BUCKET + "/reports/run-ctx.json");
            assertThat(client.headObject(h -> h.bucket(BUCKET).key("reports/run-ctx.json"))
                            .contentLength())
                    .isEqualTo(2);
        }
    }

    @EnableConfigurationProperties({ReportsProperties.class, ProcessorProperties.class})
    static class Properties {}

    @Test
    void aBucketThatIsNotThereStopsTheStartNamingItAndTheEndpoint() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, S3StoreConfiguration.class)
                .withPropertyValues(
                        "pipeline.processor.work-dir=" + temp.resolve("work"),
                        "pipeline.processor.reports.store=s3",
                        "pipeline.processor.reports.s3.bucket=no-such-bucket",
                        "pipeline.processor.reports.s3.endpoint=" + server.endpoint(),
                        "pipeline.processor.reports.s3.path-style=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BucketCheckFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("The report bucket 'no-such-bucket' at " + server.endpoint() + " cannot be used")
                            .contains("HTTP 404");
                    assertThat(analysis.getAction())
                            .contains("Create the bucket 'no-such-bucket'")
                            .contains("pipeline.processor.reports.s3.bucket");
                });
    }
}
