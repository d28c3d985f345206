package dev.pipeline.processor.announce;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The part of {@code pipeline.processor.*} the announcements carry (bound beside {@code
 * ProcessorProperties}, which ignores it).
 *
 * @param advertisedUrl this instance's base URL as other instances and clients reach it
 *                      ({@code http://processor-0.processor:8081}); carried in its announcements so
 *                      that another instance can send a client to the report it wrote. Optional:
 *                      none, and the announcements carry none
 */
@ConfigurationProperties("pipeline.processor")
public record AnnounceProperties(URI advertisedUrl) {}
