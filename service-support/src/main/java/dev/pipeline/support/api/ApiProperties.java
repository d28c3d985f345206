package dev.pipeline.support.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pipeline.api.*}: how the OpenAPI description introduces the service.
 *
 * @param title       the description's title; without it, {@code spring.application.name}
 * @param description what the service's API is for
 */
@ConfigurationProperties("pipeline.api")
public record ApiProperties(String title, String description) {
}
