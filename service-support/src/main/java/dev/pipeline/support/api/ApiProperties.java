package dev.pipeline.support.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code pipeline.api.*}: how the OpenAPI description introduces the service, and how large a
 * request body may be. The default is here and only here; each service's {@code application.yml}
 * gives its own title and description.
 *
 * @param title       the description's title; without it, {@code spring.application.name}
 * @param description what the service's API is for
 * @param maxBodySize the largest request body any endpoint reads (413 beyond); multipart uploads
 *                    have their own limits, {@code spring.servlet.multipart.*}
 */
@ConfigurationProperties("pipeline.api")
public record ApiProperties(
        String title,
        String description,
        @DefaultValue("1MB") DataSize maxBodySize) {

    public ApiProperties {
        if (maxBodySize == null || maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException(
                    "pipeline.api.max-body-size must be at least 1 byte, not " + maxBodySize);
        }
    }
}
