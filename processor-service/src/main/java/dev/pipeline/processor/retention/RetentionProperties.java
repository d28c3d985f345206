package dev.pipeline.processor.retention;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code pipeline.processor.retention.*}: how many reports are kept, and for how long. Off unless
 * {@code max-age} or {@code max-count} is set; with both, a file goes when either says so.
 *
 * @param maxAge        reports and markers last written longer ago than this are deleted
 * @param maxCount      beyond this many reports and markers, the oldest are deleted
 * @param checkInterval how often retention is applied after the check at startup
 */
@Validated
@ConfigurationProperties("pipeline.processor.retention")
public record RetentionProperties(Duration maxAge,
                                  @Min(value = 1, message = "max-count must be at least 1 (leave it unset to keep every report)")
                                  Integer maxCount,
                                  @NotNull Duration checkInterval) {

    public RetentionProperties {
        checkInterval = checkInterval == null ? Duration.ofMinutes(10) : checkInterval;
    }

    boolean enabled() {
        return maxAge != null || maxCount != null;
    }

    @AssertTrue(message = "max-age must be positive (leave it unset to keep reports however old)")
    public boolean isMaxAgePositive() {
        return maxAge == null || maxAge.isPositive();
    }

    @AssertTrue(message = "check-interval must be positive")
    public boolean isCheckIntervalPositive() {
        return checkInterval.isPositive();
    }
}
