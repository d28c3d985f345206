package dev.pipeline.processor;

import java.nio.file.Path;
import java.time.Duration;

/** The processor's properties as the tests build them outside Spring: its defaults, with the directories given. */
public final class TestProcessorProperties {

    private TestProcessorProperties() {}

    /** Reports in {@code root/out}, work files in {@code root/work}. */
    public static ProcessorProperties under(Path root) {
        return with(root.resolve("out"), root.resolve("work"));
    }

    /** The defaults, with these directories. */
    public static ProcessorProperties with(Path outputDir, Path workDir) {
        return with(outputDir, workDir, Duration.ofHours(12));
    }

    /** The defaults, with these directories and {@code abandonAfter}. */
    public static ProcessorProperties with(Path outputDir, Path workDir, Duration abandonAfter) {
        return new ProcessorProperties(
                outputDir,
                workDir,
                Duration.ofSeconds(1),
                abandonAfter,
                64,
                ProcessorProperties.DEFAULT_MAX_PRICE,
                5,
                Duration.ofSeconds(1));
    }
}
