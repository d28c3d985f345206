package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.ProcessorProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pipeline.processor.reports.store} picks the one {@link ReportStore}: the output directory unless told otherwise. */
class ReportStoreConfigurationTests {

    @TempDir
    Path root;

    private ApplicationContextRunner runner() {
        ProcessorProperties properties = new ProcessorProperties(
                root.resolve("out"),
                root.resolve("work"),
                Duration.ofSeconds(1),
                Duration.ofHours(12),
                64,
                ProcessorProperties.DEFAULT_MAX_PRICE,
                5,
                Duration.ofSeconds(1));
        return new ApplicationContextRunner()
                .withBean(ProcessorProperties.class, () -> properties)
                .withUserConfiguration(ReportStoreConfiguration.class);
    }

    @Test
    void withoutTheSettingReportsAreKeptInTheOutputDirectory() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(ReportStore.class);
            ReportStore store = context.getBean(ReportStore.class);
            assertThat(store).isInstanceOf(LocalReportStore.class);
            assertThat(store.scratchDirectory()).isEqualTo(root.resolve("out"));
            assertThat(root.resolve("out")).isDirectory();
        });
    }

    @Test
    void localIsTheOutputDirectory() {
        runner().withPropertyValues("pipeline.processor.reports.store=local")
                .run(context -> assertThat(context.getBean(ReportStore.class)).isInstanceOf(LocalReportStore.class));
    }
}
