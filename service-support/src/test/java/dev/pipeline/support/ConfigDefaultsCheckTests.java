package dev.pipeline.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;
import dev.pipeline.support.testing.ConfigDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The check the services run to keep each pipeline.* default in its record only: it finds what it must. */
class ConfigDefaultsCheckTests {

    @TempDir
    Path dir;

    @Test
    void findsThePropertiesRecords() {
        assertThat(ConfigDefaults.propertiesRecords("dev.pipeline.support"))
                .containsExactly(ApiProperties.class, ApiKeyProperties.class);
    }

    @Test
    void aDefaultIsADefaultValueOrWhatACompactConstructorFillsIn() {
        assertThat(ConfigDefaults.defaults(ApiProperties.class))
                .isEqualTo(Map.of("pipeline.api.max-body-size", DataSize.ofMegabytes(1)));
        assertThat(ConfigDefaults.defaults(ApiKeyProperties.class)).isEqualTo(Map.of("pipeline.security.api-key", ""));
    }

    @Test
    void findsADefaultWrittenAgainInYamlUnderAnyOfItsNamesButNotOtherSettings() throws IOException {
        Path yaml = Files.writeString(dir.resolve("application.yml"), """
                spring:
                  application:
                    name: x
                pipeline:
                  api:
                    title: Some service
                    maxBodySize: 2MB
                  security:
                    api-key: ""
                ---
                pipeline.api.max_body_size: 3MB
                """);

        assertThat(ConfigDefaults.restatedIn(yaml, List.of(ApiProperties.class, ApiKeyProperties.class)))
                .containsExactly("pipeline.api.maxBodySize", "pipeline.api.max_body_size", "pipeline.security.api-key");
    }

    @Test
    void findsAPlaceholderWithAPipelineDefaultButNotOneWithout() throws IOException {
        Files.writeString(dir.resolve("Listener.java"), """
                @KafkaListener(concurrency = "${pipeline.tasks.consumers:4}")
                String url = "${pipeline.upstream-url}/x";
                @Value("${spring.servlet.multipart.enabled:true}")""");

        assertThat(ConfigDefaults.placeholderDefaults(dir))
                .containsExactly("Listener.java: ${pipeline.tasks.consumers:4}");
    }
}
