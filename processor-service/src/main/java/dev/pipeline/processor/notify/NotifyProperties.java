package dev.pipeline.processor.notify;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.notify.*}: the failure webhook, off unless {@code url} is set. The defaults are here
 * and only here; a value out of range stops the service at startup, naming the property.
 *
 * @param url         where a run that ends {@code DEGRADED} or {@code FAILED} is announced (POST, JSON);
 *                    an absolute http(s) URL
 * @param secret      the HMAC-SHA256 key the body is signed with ({@code X-Pipeline-Signature}); required
 *                    with a {@code url}, best given as the environment variable {@code PIPELINE_NOTIFY_SECRET}.
 *                    Never logged
 * @param timeout     for each attempt, connection and answer together
 * @param maxAttempts attempts in all (the first included) while the receiver fails (5xx, 408, 429,
 *                    no answer); another 4xx is final
 * @param backoff     the wait before the second attempt; it doubles with every further one
 */
@Validated
@ConfigurationProperties("pipeline.notify")
public record NotifyProperties(
        URI url,
        String secret,

        @DefaultValue("5s") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration timeout,

        @DefaultValue("4")
        @NotNull
        @Min(value = 1, message = "max-attempts must be at least 1")
        @Max(value = 20, message = "max-attempts must be at most 20")
        Integer maxAttempts,

        @DefaultValue("1s") @NotNull @DurationMin(nanos = 0, inclusive = false, message = "must be positive")
        Duration backoff) {

    boolean enabled() {
        return url != null;
    }

    @AssertTrue(message = "pipeline.notify.url must be an absolute http or https URL")
    public boolean isUrlHttp() {
        return url == null
                || (url.isAbsolute()
                        && url.getHost() != null
                        && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())));
    }

    @AssertTrue(
            message = "pipeline.notify.secret must be set (env PIPELINE_NOTIFY_SECRET) when pipeline.notify.url is:"
                    + " an unsigned webhook could be forged by anyone who can reach its receiver")
    public boolean isSecretSet() {
        return url == null || (secret != null && !secret.isBlank());
    }

    /** Without the secret: it may end up in a startup failure's message or a log. */
    @Override
    public String toString() {
        return "NotifyProperties[url=" + url + ", secret=" + (secret == null ? null : "***") + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", backoff=" + backoff + "]";
    }
}
