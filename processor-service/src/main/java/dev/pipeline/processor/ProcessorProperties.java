package dev.pipeline.processor;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.processor.*}. The defaults are here and only here, but for {@code work-dir}'s,
 * which is made of other settings ({@code java.io.tmpdir}, {@code server.port}) and so is in
 * {@code application.yml}; a value out of range stops the service at startup, naming the property.
 *
 * @param outputDir     where reports are written, one {@code <runId>.json} per run
 * @param workDir       this instance's own scratch space for open runs; wiped at startup, since
 *                      everything in it is rebuilt from Kafka, but for the catalogue's store
 *                      ({@link #catalogDir()}), which resumes from the offsets it stored. Default
 *                      (application.yml): {@code ${java.io.tmpdir}/pipeline-processor-${server.port}},
 *                      one per instance on a host
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
public record ProcessorProperties(
        @DefaultValue("output") @NotNull Path outputDir,
        @NotNull Path workDir,
        @DefaultValue("1s") @NotNull @DurationMin(nanos = 0) Duration commitInterval,

        @DefaultValue("12h") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration abandonAfter,

        @DefaultValue("64")
        @NotNull
        @Min(value = 1, message = "max-open-runs must be at least 1")
        @Max(value = 10_000, message = "max-open-runs must be at most 10000: each open run has a store of its own")
        Integer maxOpenRuns,

        @DefaultValue("" + DEFAULT_MAX_PRICE)
        @NotNull
        @Positive(message = "must be a positive finite number")
        @DecimalMax(value = "1.7976931348623157E308", message = "must be a positive finite number")
        Double maxPrice,

        @DefaultValue("5") @NotNull @Positive Integer reportTries,

        @DefaultValue("1s") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration reportRetryBackoff) {

    /**
     * The catalogue's store, in the work directory under a name no run id can take (a run id starts
     * with a letter or digit), so the wipe at startup spares it and no run's store can land in it.
     */
    public Path catalogDir() {
        return workDir.resolve(CATALOG_DIR_NAME);
    }

    public static final String CATALOG_DIR_NAME = ".catalog";

    /** A quadrillion: above any real price in any currency, and far from where a sum of prices could overflow. */
    public static final double DEFAULT_MAX_PRICE = 1e15;
}
