package dev.pipeline.processor.announce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.support.testing.StartupFailures;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code pipeline.processor.advertised-url}: optional; when set, an absolute http(s) URL, since other
 * instances send clients to it. {@code processor-0:8081} would parse as a URI of scheme
 * {@code processor-0} and make every redirect to this instance a broken one.
 */
class AnnouncePropertiesTests {

    @EnableConfigurationProperties(AnnounceProperties.class)
    static class Properties {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    @Test
    void unsetThereIsNone() {
        runner.run(
                context -> assertThat(context.getBean(AnnounceProperties.class).advertisedUrl())
                        .isNull());
    }

    @Test
    void anHttpUrlBinds() {
        runner.withPropertyValues("pipeline.processor.advertised-url=http://processor-0.processor:8081")
                .run(context -> assertThat(
                                context.getBean(AnnounceProperties.class).advertisedUrl())
                        .isEqualTo(URI.create("http://processor-0.processor:8081")));
    }

    @Test
    void aHostAndPortWithoutSchemeDoesNotStartNamingTheProperty() {
        runner.withPropertyValues("pipeline.processor.advertised-url=processor-0:8081")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(StartupFailures.describe(context.getStartupFailure()))
                            .contains("pipeline.processor.advertised-url must be an absolute http or https URL");
                });
    }
}
