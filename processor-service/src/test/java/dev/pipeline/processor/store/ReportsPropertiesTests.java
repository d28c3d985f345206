package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.support.testing.StartupFailures;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code pipeline.processor.reports.*}: unset, the local store; {@code s3} without a bucket, or with an
 * endpoint that is no http(s) URL, does not start and names the property. No object store is asked:
 * these fail before the bucket check.
 */
class ReportsPropertiesTests {

    @EnableConfigurationProperties({ReportsProperties.class, ProcessorProperties.class})
    static class Properties {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, S3StoreConfiguration.class)
            .withPropertyValues("pipeline.processor.work-dir=work");

    @Test
    void unsetTheStoreIsLocalAndNoObjectStoreIsMade() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ReportsProperties.class))
                    .isEqualTo(new ReportsProperties(
                            ReportsProperties.Store.LOCAL,
                            new ReportsProperties.S3(null, "", null, "us-east-1", false)));
            assertThat(context).doesNotHaveBean(S3ReportStore.class);
            assertThat(context).doesNotHaveBean(software.amazon.awssdk.services.s3.S3Client.class);
        });
    }

    @Test
    void theS3SettingsBind() {
        runner.withPropertyValues(
                        "pipeline.processor.reports.store=local",
                        "pipeline.processor.reports.s3.bucket=reports",
                        "pipeline.processor.reports.s3.prefix=runs/",
                        "pipeline.processor.reports.s3.endpoint=http://minio:9000",
                        "pipeline.processor.reports.s3.region=eu-west-1",
                        "pipeline.processor.reports.s3.path-style=true")
                .run(context -> assertThat(context.getBean(ReportsProperties.class))
                        .isEqualTo(new ReportsProperties(
                                ReportsProperties.Store.LOCAL,
                                new ReportsProperties.S3(
                                        "reports", "runs/", URI.create("http://minio:9000"), "eu-west-1", true))));
    }

    @Test
    void s3WithoutABucketDoesNotStartNamingTheProperty() {
        runner.withPropertyValues("pipeline.processor.reports.store=s3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains(
                            "pipeline.processor.reports.s3.bucket must be set (env PIPELINE_PROCESSOR_REPORTS_S3_BUCKET)"
                                    + " when pipeline.processor.reports.store is s3");
        });
        runner.withPropertyValues("pipeline.processor.reports.store=s3", "pipeline.processor.reports.s3.bucket= ")
                .run(context -> assertThat(StartupFailures.describe(context.getStartupFailure()))
                        .contains("pipeline.processor.reports.s3.bucket must be set"));
    }

    @Test
    void anEndpointThatIsNoHttpUrlDoesNotStartNamingTheProperty() {
        runner.withPropertyValues(
                        "pipeline.processor.reports.store=s3",
                        "pipeline.processor.reports.s3.bucket=reports",
                        "pipeline.processor.reports.s3.endpoint=minio:9000")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(StartupFailures.describe(context.getStartupFailure()))
                            .contains("pipeline.processor.reports.s3.endpoint must be an absolute http or https URL");
                });
    }

    @Test
    void anUnknownStoreDoesNotStartNamingTheProperty() {
        runner.withPropertyValues("pipeline.processor.reports.store=nfs").run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains("pipeline.processor.reports.store");
        });
    }
}
