package dev.pipeline.processor.run;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * @param abandonAfter  a run of which nothing (no record, no event) has been read for this long is
 *                      given up (its fetchers stopped): at most half of how long the products topic
 *                      keeps a record from compaction, which is checked against the broker at startup
 * @param maxOpenRuns   runs open at once on this instance, each with its on-disk store; a run that
 *                      would be one more is refused (see ARCHITECTURE.md, "Bounded resources")
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record ProcessorProperties(@NotNull Path outputDir, @NotNull Path workDir, @NotNull Duration commitInterval,
                                  @NotNull Duration abandonAfter,
                                  @Min(value = 1, message = "max-open-runs must be at least 1")
                                  @Max(value = 10_000, message = "max-open-runs must be at most 10000: each open run has a store of its own")
                                  Integer maxOpenRuns) {

    public ProcessorProperties {
        outputDir = outputDir == null ? Path.of("output") : outputDir;
        workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "pipeline-processor") : workDir;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        abandonAfter = abandonAfter == null ? Duration.ofHours(12) : abandonAfter;
        maxOpenRuns = maxOpenRuns == null ? 64 : maxOpenRuns;
    }

    @AssertTrue(message = "abandon-after must be positive")
    public boolean isAbandonAfterPositive() {
        return abandonAfter.isPositive();
    }
}
