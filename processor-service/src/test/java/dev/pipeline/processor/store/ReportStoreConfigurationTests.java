package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.TestProcessorProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pipeline.processor.reports.store} picks the one {@link ReportStore}: the output directory unless told otherwise. */
class ReportStoreConfigurationTests {

    @TempDir
    Path root;

    private ApplicationContextRunner runner() {
        ProcessorProperties properties = TestProcessorProperties.under(root);
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
