package dev.pipeline.processor.catalog;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.processor.catalog.*}: the catalogue's reader. The defaults are here and only
 * here. Its store is {@code <work-dir>/.catalog}.
 *
 * @param enabled      whether this instance keeps a catalogue (and answers {@code GET /api/catalog});
 *                     off, it reads nothing and the endpoint answers 503
 * @param busyInterval while this instance has a run open, the reader reads one batch of records
 *                     (at most {@code max.poll.records}) per interval, so reports keep the CPU;
 *                     with no run open it reads as fast as records come
 * @param requestWait  how long a request waits for the catalogue to catch up to the end offsets it
 *                     saw when it came; past it, it is answered with what is there, {@code upToDate: false}
 * @param reportWait   how long a run's report waits for the catalogue to hold every record before
 *                     the run (it reads at full speed meanwhile); past it, the report's {@code changes}
 *                     say they are unavailable and why, never a guess
 */
@Validated
@ConfigurationProperties("pipeline.processor.catalog")
public record CatalogProperties(
        @DefaultValue("true") @NotNull Boolean enabled,

        @DefaultValue("1s") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration busyInterval,

        @DefaultValue("5s")
        @NotNull
        @DurationMin(nanos = 0, message = "must not be negative")
        @DurationMax(minutes = 1, message = "must be at most 1m: a request waits that long at most")
        Duration requestWait,

        @DefaultValue("2m")
        @NotNull
        @DurationMin(nanos = 0, message = "must not be negative")
        @DurationMax(minutes = 30, message = "must be at most 30m: a report waits that long at most")
        Duration reportWait) {}
