package dev.pipeline.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.fetch.FetchProperties;
import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.fetcher.task.TaskProperties;
import dev.pipeline.fetcher.upload.UploadProperties;
import dev.pipeline.support.testing.StartupFailures;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The fetcher's {@code pipeline.*} settings: unset, each is the default its record gives (the one
 * place it is written; README and ARCHITECTURE.md quote these); set to a value out of range, even
 * 0, the service does not start and says which property and why (Boot's "Binding to target ...
 * failed: Property ..., Origin: "pipeline.tasks.consumers" ..., Reason ..."), instead of taking the default.
 */
class FetcherPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class)
            .withPropertyValues("pipeline.sources[0].name=shop", "pipeline.sources[0].url=http://api.test/items");

    @EnableConfigurationProperties({
        FetchProperties.class,
        TaskProperties.class,
        UploadProperties.class,
        TopicsProperties.class,
        SourcesProperties.class
    })
    static class Properties {}

    @Test
    void unsetTheyAreTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(FetchProperties.class))
                    .isEqualTo(new FetchProperties(
                            16,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(10),
                            32L * 1024 * 1024,
                            Duration.ofSeconds(30)));
            TaskProperties tasks = context.getBean(TaskProperties.class);
            assertThat(tasks)
                    .isEqualTo(new TaskProperties(tasks.instanceId(), 4, 5000, 500, 8, 2, Duration.ofSeconds(1)));
            assertThat(tasks.instanceId())
                    .endsWith("-" + ProcessHandle.current().pid());
            assertThat(context.getBean(UploadProperties.class))
                    .isEqualTo(new UploadProperties(20, 100_000, 100, 2, 1000, 100_000));
            assertThat(context.getBean(TopicsProperties.class)).isEqualTo(new TopicsProperties(3, (short) 1));
        });
    }

    @Test
    void anEmptyInstanceIdIsUnsetAsAnEnvironmentVariableLeftEmptyWouldBe() {
        runner.withPropertyValues("pipeline.tasks.instance-id=")
                .run(context -> assertThat(context.getBean(TaskProperties.class).instanceId())
                        .endsWith("-" + ProcessHandle.current().pid()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "pipeline.fetch.workers=0;                 pipeline.fetch.workers;                 must be greater than or equal to 1",
                "pipeline.fetch.workers=1025;              pipeline.fetch.workers;                 must be less than or equal to 1024",
                "pipeline.fetch.connect-timeout=0s;        pipeline.fetch.connect-timeout;         must be longer than 0",
                "pipeline.fetch.read-timeout=-1s;          pipeline.fetch.read-timeout;            must be longer than 0",
                "pipeline.fetch.max-page-bytes=0;          pipeline.fetch.max-page-bytes;          must be greater than or equal to 1024",
                "pipeline.fetch.open-circuit-wait=-1s;     pipeline.fetch.open-circuit-wait;       must be longer than or equal to 0",
                "pipeline.tasks.consumers=0;               pipeline.tasks.consumers;               must be greater than or equal to 1",
                "pipeline.tasks.pages-per-task=0;          pipeline.tasks.pages-per-task;          must be greater than or equal to 1",
                "pipeline.tasks.items-per-task=0;          pipeline.tasks.items-per-task;          must be greater than or equal to 1",
                "pipeline.tasks.partitions=0;              pipeline.tasks.partitions;              must be greater than or equal to 1",
                "pipeline.tasks.retries=-1;                pipeline.tasks.retries;                 must be greater than or equal to 0",
                "pipeline.tasks.retry-backoff=-1s;         pipeline.tasks.retry-backoff;           must be longer than or equal to 0",
                "pipeline.tasks.instance-id=a b;           pipeline.tasks.instance-id;             1-100 letters, digits, '.', '_' or '-'",
                "pipeline.upload.max-files=0;              pipeline.upload.max-files;              must be greater than or equal to 1",
                "pipeline.upload.max-items=0;              pipeline.upload.max-items;              must be greater than or equal to 1",
                "pipeline.upload.max-item-errors=-1;       pipeline.upload.max-item-errors;        must be greater than or equal to 0",
                "pipeline.upload.max-concurrent=0;         pipeline.upload.max-concurrent;         must be greater than or equal to 1",
                "pipeline.upload.csv-max-fields=0;         pipeline.upload.csv-max-fields;         must be greater than or equal to 1",
                "pipeline.upload.csv-max-field-length=0;   pipeline.upload.csv-max-field-length;   must be greater than or equal to 1",
                "pipeline.topics.products-partitions=0;    pipeline.topics.products-partitions;    must be greater than or equal to 1",
                "pipeline.topics.replicas=0;               pipeline.topics.replicas;               must be greater than or equal to 1"
            })
    void aValueOutOfRangeStopsTheStartNamingTheProperty(String setting, String property, String reason) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains("Origin: \"" + property + "\"")
                    .contains("Reason: " + reason);
        });
    }

    @Test
    void noSourcesStopsTheStartNamingTheProperty() {
        new ApplicationContextRunner().withUserConfiguration(Properties.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("on field 'sources'")
                    .hasStackTraceContaining("must not be empty");
        });
    }
}
