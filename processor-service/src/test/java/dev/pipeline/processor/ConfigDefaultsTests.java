package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.retention.RetentionProperties;
import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;
import dev.pipeline.support.testing.ConfigDefaults;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each of the processor's {@code pipeline.*} defaults is written once, in its properties record: not
 * again in {@code application.yml} (which keeps only what no record defaults: {@code work-dir}, made
 * of other settings, and the API's title) nor in a {@code ${pipeline.x:default}} placeholder.
 */
class ConfigDefaultsTests {

    private static final List<Class<?>> RECORDS =
            ConfigDefaults.propertiesRecords("dev.pipeline.processor", "dev.pipeline.support");

    @Test
    void everyPropertiesRecordIsChecked() {
        assertThat(RECORDS)
                .containsExactlyInAnyOrder(
                        ProcessorProperties.class,
                        RetentionProperties.class,
                        ApiProperties.class,
                        ApiKeyProperties.class);
    }

    @Test
    void applicationYamlDoesNotRepeatARecordsDefault() {
        assertThat(ConfigDefaults.restatedIn(Path.of("src/main/resources/application.yml"), RECORDS))
                .isEmpty();
    }

    @Test
    void noPlaceholderCarriesADefaultOfItsOwn() {
        assertThat(ConfigDefaults.placeholderDefaults(Path.of("src/main"))).isEmpty();
    }
}
