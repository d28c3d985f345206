package dev.pipeline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each of a service's {@code pipeline.*} defaults is written once, in its properties record: not
 * again in its {@code application.yml} nor in a {@code ${pipeline.x:default}} placeholder
 * ({@link ConfigDefaults}). A service's {@code ConfigDefaultsTests} extends this with its root
 * package and the records it expects, so a new record cannot go unchecked.
 */
public abstract class ConfigDefaultsTests {

    private final List<Class<?>> records;
    private final List<Class<?>> expected;

    protected ConfigDefaultsTests(String root, Class<?>... expected) {
        this.records = ConfigDefaults.propertiesRecords(root, "dev.pipeline.support");
        this.expected = List.of(expected);
    }

    @Test
    void everyPropertiesRecordIsChecked() {
        assertThat(records).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void applicationYamlDoesNotRepeatARecordsDefault() {
        assertThat(ConfigDefaults.restatedIn(Path.of("src/main/resources/application.yml"), records))
                .isEmpty();
    }

    @Test
    void noPlaceholderCarriesADefaultOfItsOwn() {
        assertThat(ConfigDefaults.placeholderDefaults(Path.of("src/main"))).isEmpty();
    }
}
