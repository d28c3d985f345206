package dev.pipeline.processor;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
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
 * @param maxPrice      the highest price a product may have; a record read from Kafka with a price
 *                      above it (or negative, or not a finite number) is an {@code invalid_item} of
 *                      its run, not a product. The report's arithmetic stays finite for any finite
 *                      cap; the cap keeps absurd prices out of the metrics
 * @param reportTries   how often a run's report is tried when it fails for a reason of the run's
 *                      own (never a disk that cannot be written: that is waited out) before it is
 *                      written with a {@code report_failed} error instead
 * @param reportRetryBackoff the wait before the second try; it doubles with every further try
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record ProcessorProperties(@NotNull Path outputDir, @NotNull Path workDir, @NotNull Duration commitInterval,
                                  @NotNull Duration abandonAfter,
                                  @Min(value = 1, message = "max-open-runs must be at least 1")
                                  @Max(value = 10_000, message = "max-open-runs must be at most 10000: each open run has a store of its own")
                                  Integer maxOpenRuns, @NotNull Double maxPrice,
                                  @NotNull @Positive Integer reportTries, @NotNull Duration reportRetryBackoff) {

    /** A quadrillion: above any real price in any currency, and far from where a sum of prices could overflow. */
    public static final double DEFAULT_MAX_PRICE = 1e15;

    public ProcessorProperties {
        outputDir = outputDir == null ? Path.of("output") : outputDir;
        workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "pipeline-processor") : workDir;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        abandonAfter = abandonAfter == null ? Duration.ofHours(12) : abandonAfter;
        maxPrice = maxPrice == null ? DEFAULT_MAX_PRICE : maxPrice;
        if (!(maxPrice > 0) || maxPrice.isInfinite()) {
            throw new IllegalArgumentException("pipeline.processor.max-price must be a positive finite number, not "
                    + maxPrice);
        }
        reportTries = reportTries == null ? 5 : reportTries;
        reportRetryBackoff = reportRetryBackoff == null ? Duration.ofSeconds(1) : reportRetryBackoff;
        if (reportRetryBackoff.isNegative() || reportRetryBackoff.isZero()) {
            throw new IllegalArgumentException("pipeline.processor.report-retry-backoff must be positive, not "
                    + reportRetryBackoff);
        }
        maxOpenRuns = maxOpenRuns == null ? 64 : maxOpenRuns;
    }

    @AssertTrue(message = "abandon-after must be positive")
    public boolean isAbandonAfterPositive() {
        return abandonAfter.isPositive();
    }
}
