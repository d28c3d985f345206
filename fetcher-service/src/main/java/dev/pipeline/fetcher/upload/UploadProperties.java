package dev.pipeline.fetcher.upload;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.upload.*}: what one upload may cost. The byte limits are
 * {@code spring.servlet.multipart.max-file-size} and {@code max-request-size}.
 *
 * @param maxFiles          files one upload may hold (400 beyond)
 * @param maxItems          items one upload may hold, its files together (413 beyond, and nothing of it is published):
 *                          an upload is one Kafka transaction, which must end within {@code transaction.timeout.ms}
 * @param maxItemErrors     invalid items an upload's run lists one by one; the rest are summed up in one more error
 * @param maxConcurrent     uploads this instance takes at once, from their request to their run's last record
 *                          (429 with Retry-After beyond)
 * @param csvMaxFields      fields a CSV row may have: a row with more is an invalid item, a header with more makes
 *                          the file malformed; what is over is never held in memory
 * @param csvMaxFieldLength characters a CSV field may have, likewise
 */
@Validated
@ConfigurationProperties("pipeline.upload")
public record UploadProperties(
        @DefaultValue("20") @Min(1) @Max(1000) int maxFiles,
        @DefaultValue("100000") @Min(1) @Max(100_000_000) long maxItems,
        @DefaultValue("100") @Min(0) @Max(1_000_000) int maxItemErrors,
        @DefaultValue("2") @Min(1) @Max(64) int maxConcurrent,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int csvMaxFields,
        @DefaultValue("100000") @Min(1) @Max(100_000_000) int csvMaxFieldLength) {

    CsvLimits csvLimits() {
        return new CsvLimits(csvMaxFields, csvMaxFieldLength);
    }
}
