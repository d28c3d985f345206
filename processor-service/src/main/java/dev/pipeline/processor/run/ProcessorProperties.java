package dev.pipeline.processor.run;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code pipeline.processor.*}.
 *
 * @param outputDir     where reports are written, one {@code <runId>.json} per run
 * @param workDir       this instance's own scratch space for open runs; wiped at startup, since
 *                      everything in it is rebuilt from Kafka
 * @param commitInterval how often consumed offsets are committed, at most
 * @param abandonAfter  a run without its final event this long after this instance first read it
 *                      is given up (its fetcher died): well under the products topic's compaction lag
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record ProcessorProperties(@NotNull Path outputDir, @NotNull Path workDir, @NotNull Duration commitInterval,
                                  @NotNull Duration abandonAfter) {

    public ProcessorProperties {
        outputDir = outputDir == null ? Path.of("output") : outputDir;
        workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "pipeline-processor") : workDir;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        abandonAfter = abandonAfter == null ? Duration.ofHours(12) : abandonAfter;
    }
}
