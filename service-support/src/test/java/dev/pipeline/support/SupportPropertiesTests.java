package dev.pipeline.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;
import dev.pipeline.support.testing.StartupFailures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** {@code pipeline.api.*} and {@code pipeline.security.*}: their defaults when unset, and a wrong value named at startup. */
class SupportPropertiesTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    @EnableConfigurationProperties({ApiProperties.class, ApiKeyProperties.class})
    static class Properties {}

    @Test
    void unsetTheyAreTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(ApiProperties.class))
                    .isEqualTo(new ApiProperties(null, null, DataSize.ofMegabytes(1)));
            assertThat(context.getBean(ApiKeyProperties.class).isEnabled()).isFalse();
        });
    }

    @Test
    void anEmptyApiKeyIsNoneAndOneIsStripped() {
        runner.withPropertyValues("pipeline.security.api-key=")
                .run(context -> assertThat(
                                context.getBean(ApiKeyProperties.class).isEnabled())
                        .isFalse());
        runner.withPropertyValues("pipeline.security.api-key= k3y ")
                .run(context -> assertThat(
                                context.getBean(ApiKeyProperties.class).apiKey())
                        .isEqualTo("k3y"));
    }

    @Test
    void aBodySizeOfNothingStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("pipeline.api.max-body-size=0B").run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.describe(context.getStartupFailure()))
                    .contains("pipeline.api.max-body-size must be at least 1 byte, not 0B");
        });
    }
}
