package dev.pipeline.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.fetch.FetchProperties;
import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.fetcher.task.TaskProperties;
import dev.pipeline.fetcher.upload.UploadProperties;
import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;
import dev.pipeline.support.testing.ConfigDefaults;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each of the fetcher's {@code pipeline.*} defaults is written once, in its properties record: not
 * again in {@code application.yml} (which keeps only what no record defaults: the sources, the
 * upstream's URL, the API's title) nor in a {@code ${pipeline.x:default}} placeholder.
 */
class ConfigDefaultsTests {

    private static final List<Class<?>> RECORDS =
            ConfigDefaults.propertiesRecords("dev.pipeline.fetcher", "dev.pipeline.support");

    @Test
    void everyPropertiesRecordIsChecked() {
        assertThat(RECORDS)
                .containsExactlyInAnyOrder(
                        FetchProperties.class,
                        TaskProperties.class,
                        UploadProperties.class,
                        TopicsProperties.class,
                        SourcesProperties.class,
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
