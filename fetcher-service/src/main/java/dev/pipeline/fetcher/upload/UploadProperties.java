package dev.pipeline.fetcher.upload;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.upload.*}; the byte limits are {@code spring.servlet.multipart.max-file-size}
 * and {@code max-request-size}.
 *
 * @param maxFiles files one upload may hold
 */
@Validated
@ConfigurationProperties("pipeline.upload")
public record UploadProperties(@Min(1) @Max(1000) int maxFiles) {

    public UploadProperties {
        maxFiles = maxFiles == 0 ? 20 : maxFiles;
    }
}
