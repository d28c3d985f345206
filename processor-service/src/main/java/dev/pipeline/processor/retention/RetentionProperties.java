package dev.pipeline.processor.retention;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.processor.retention.*}: how many reports are kept, and for how long. Off unless
 * {@code max-age} or {@code max-count} is set; with both, a file goes when either says so. The
 * defaults are here and only here.
 *
 * @param maxAge        reports and markers last written longer ago than this are deleted
 * @param maxCount      beyond this many reports and markers, the oldest are deleted
 * @param checkInterval how often retention is applied after the check at startup
 */
@Validated
@ConfigurationProperties("pipeline.processor.retention")
public record RetentionProperties(
        @DurationMin(
                nanos = 0,
                inclusive = false,
                message = "must be positive (leave it unset to keep reports however old)")
        Duration maxAge,

        @Min(value = 1, message = "max-count must be at least 1 (leave it unset to keep every report)")
        Integer maxCount,

        @DefaultValue("10m") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration checkInterval) {

    boolean enabled() {
        return maxAge != null || maxCount != null;
    }
}
