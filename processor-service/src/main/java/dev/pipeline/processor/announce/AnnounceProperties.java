package dev.pipeline.processor.announce;

import jakarta.validation.constraints.AssertTrue;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The part of {@code pipeline.processor.*} the announcements carry (bound beside {@code
 * ProcessorProperties}, which ignores it).
 *
 * @param advertisedUrl this instance's base URL as other instances and clients reach it
 *                      ({@code http://processor-0.processor:8081}); carried in its announcements so
 *                      that another instance can send a client to the report it wrote. Optional:
 *                      none, and the announcements carry none
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record AnnounceProperties(URI advertisedUrl) {

    /** {@code processor-0:8081} parses as a URI of scheme {@code processor-0}: refused, not redirected to. */
    @AssertTrue(
            message = "pipeline.processor.advertised-url must be an absolute http or https URL, such as"
                    + " http://processor-0.processor:8081")
    public boolean isAdvertisedUrlHttp() {
        return advertisedUrl == null
                || (advertisedUrl.getHost() != null
                        && ("http".equalsIgnoreCase(advertisedUrl.getScheme())
                                || "https".equalsIgnoreCase(advertisedUrl.getScheme())));
    }
}
