package dev.pipeline.fetcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.SourcesProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pipeline.quota}: the documented defaults, and a source it names that is not configured stops the start naming the setting. */
class QuotaConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(SourceQuotas.class)
            .withPropertyValues(
                    "pipeline.sources[0].name=shop",
                    "pipeline.sources[0].url=http://api.test/items",
                    "pipeline.sources[1].name=blog",
                    "pipeline.sources[1].url=http://api.test/posts");

    @EnableConfigurationProperties({QuotaProperties.class, SourcesProperties.class})
    static class Properties {}

    @Test
    void unsetTheyAreTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(QuotaProperties.class))
                    .isEqualTo(new QuotaProperties(
                            List.of(), true, Duration.ofSeconds(1), new QuotaProperties.Reserve(0.1, 10)))
                    .isEqualTo(QuotaProperties.defaults());
            assertThat(context.getBean(SourceQuotas.class).reads("shop")).isTrue();
        });
    }

    @Test
    void aSourceWhoseHeadersAreIgnoredIsNotRead() {
        runner.withPropertyValues("pipeline.quota.ignore-headers[0]=blog")
                .run(context -> assertThat(context.getBean(SourceQuotas.class).reads("blog"))
                        .isFalse());
    }

    @Test
    void aReserveOutsideZeroToOneIsNamedWithTheSetting() {
        runner.withPropertyValues("pipeline.quota.reserve.fraction=10").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new QuotaConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("pipeline.quota.reserve.fraction");
        });
        runner.withPropertyValues("pipeline.quota.reserve.floor=-1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(new QuotaConfigFailureAnalyzer()
                            .analyze(context.getStartupFailure())
                            .getDescription())
                    .contains("pipeline.quota.reserve.floor");
        });
    }

    @Test
    void aSourceThatIsNotConfiguredIsNamedWithTheSetting() {
        runner.withPropertyValues("pipeline.quota.ignore-headers[0]=blog", "pipeline.quota.ignore-headers[1]=shoes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new QuotaConfigFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("pipeline.quota.ignore-headers[1]")
                            .contains("'shoes', which is not configured; configured sources are [shop, blog]");
                });
    }
}
