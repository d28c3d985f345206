package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.catalog.CatalogProperties;
import dev.pipeline.processor.notify.NotifyProperties;
import dev.pipeline.processor.retention.RetentionProperties;
import dev.pipeline.support.testing.StartupFailures;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The processor's {@code pipeline.processor.*} settings: unset, each is the default its record gives
 * (the one place it is written; README's "Processor settings" quotes them), but for {@code work-dir},
 * which is made of other settings and so is in {@code application.yml}; set to a value out of range,
 * even 0, the service does not start and says which property and why, instead of taking the default.
 */
class ProcessorPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class)
            .withPropertyValues("pipeline.processor.work-dir=work");

    @EnableConfigurationProperties({
        ProcessorProperties.class,
        RetentionProperties.class,
        NotifyProperties.class,
        CatalogProperties.class
    })
    static class Properties {}

    @Test
    void unsetTheyAreTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(ProcessorProperties.class))
                    .isEqualTo(new ProcessorProperties(
                            Path.of("output"),
                            Path.of("work"),
                            Duration.ofSeconds(1),
                            Duration.ofHours(12),
                            64,
                            1e15,
                            5,
                            Duration.ofSeconds(1)));
            assertThat(context.getBean(RetentionProperties.class))
                    .isEqualTo(new RetentionProperties(null, null, Duration.ofMinutes(10)));
            assertThat(context.getBean(NotifyProperties.class))
                    .as("the webhook is off")
                    .isEqualTo(new NotifyProperties(null, null, Duration.ofSeconds(5), 4, Duration.ofSeconds(1)));
            assertThat(context.getBean(CatalogProperties.class))
                    .isEqualTo(new CatalogProperties(
                            true, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(2)));
        });
    }

    @Test
    void theWorkDirsDefaultIsApplicationYamlsOnePerPort() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("server.port=8123")
                .run(context -> assertThat(
                                context.getBean(ProcessorProperties.class).workDir())
                        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "pipeline-processor-8123")));
    }

    @Test
    void withoutAWorkDirItDoesNotStart() {
        new ApplicationContextRunner().withUserConfiguration(Properties.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains("Property: pipeline.processor.workDir")
                    .contains("Reason: must not be null");
        });
    }

    @Test
    void theLargestFinitePriceIsACap() {
        runner.withPropertyValues("pipeline.processor.max-price=" + Double.MAX_VALUE)
                .run(context -> assertThat(
                                context.getBean(ProcessorProperties.class).maxPrice())
                        .isEqualTo(Double.MAX_VALUE));
    }

    @Test
    void aWebhookWithoutASecretOrWithAUrlThatIsNoHttpUrlStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("pipeline.notify.url=http://hooks.test/pipeline")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(StartupFailures.describe(context.getStartupFailure()))
                            .contains(
                                    "pipeline.notify.secret must be set (env PIPELINE_NOTIFY_SECRET) when pipeline.notify.url is");
                });
        runner.withPropertyValues("pipeline.notify.url=ftp://hooks.test/pipeline", "pipeline.notify.secret=s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(StartupFailures.describe(context.getStartupFailure()))
                            .contains("pipeline.notify.url must be an absolute http or https URL");
                });
        runner.withPropertyValues("pipeline.notify.url=https://hooks.test/pipeline", "pipeline.notify.secret=s3cret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(NotifyProperties.class).toString())
                            .as("the secret is never printed")
                            .doesNotContain("s3cret");
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "pipeline.processor.max-open-runs=0;              pipeline.processor.max-open-runs;          max-open-runs must be at least 1",
                "pipeline.processor.max-open-runs=10001;          pipeline.processor.max-open-runs;          max-open-runs must be at most 10000",
                "pipeline.processor.max-price=0;                  pipeline.processor.max-price;              must be a positive finite number",
                "pipeline.processor.max-price=-1;                 pipeline.processor.max-price;              must be a positive finite number",
                "pipeline.processor.max-price=Infinity;           pipeline.processor.max-price;              must be a positive finite number",
                "pipeline.processor.max-price=NaN;                pipeline.processor.max-price;              must be a positive finite number",
                "pipeline.processor.report-tries=0;               pipeline.processor.report-tries;           must be greater than 0",
                "pipeline.processor.report-retry-backoff=0s;      pipeline.processor.report-retry-backoff;   must be positive",
                "pipeline.processor.abandon-after=0s;             pipeline.processor.abandon-after;          must be positive",
                "pipeline.processor.commit-interval=-1s;          pipeline.processor.commit-interval;        must be longer than or equal to 0",
                "pipeline.processor.retention.max-count=0;        pipeline.processor.retention.max-count;    max-count must be at least 1",
                "pipeline.processor.retention.max-age=0s;         pipeline.processor.retention.max-age;      must be positive (leave it unset",
                "pipeline.processor.retention.check-interval=0s;  pipeline.processor.retention.check-interval; must be positive",
                "pipeline.notify.timeout=0s;                      pipeline.notify.timeout;                   must be positive",
                "pipeline.notify.max-attempts=0;                  pipeline.notify.max-attempts;              max-attempts must be at least 1",
                "pipeline.notify.backoff=0s;                      pipeline.notify.backoff;                   must be positive",
                "pipeline.processor.catalog.busy-interval=0s;     pipeline.processor.catalog.busy-interval;  must be positive",
                "pipeline.processor.catalog.request-wait=-1s;     pipeline.processor.catalog.request-wait;   must not be negative",
                "pipeline.processor.catalog.request-wait=2m;      pipeline.processor.catalog.request-wait;   must be at most 1m"
            })
    void aValueOutOfRangeStopsTheStartNamingTheProperty(String setting, String property, String reason) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains("Origin: \"" + property + "\"")
                    .contains("Reason: " + reason);
        });
    }
}
