package dev.pipeline.fetcher.quota;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pipeline.quota.*}: the quotas APIs announce in their responses' headers.
 *
 * @param ignoreHeaders   sources whose quota headers are not read: they are paced by their
 *                        configured rate limit alone (an API whose headers are wrong, or count
 *                        something else than requests)
 * @param share           whether this instance publishes its latest observation of each source's
 *                        quota on {@code pipeline.source-quota} and applies its peers'; false: its
 *                        own observations only
 * @param publishInterval at most one observation per source is published in this time: the topic
 *                        stays small however busy the source
 */
@ConfigurationProperties("pipeline.quota")
public record QuotaProperties(
        List<String> ignoreHeaders,
        @DefaultValue("true") boolean share,
        @DefaultValue("1s") Duration publishInterval) {

    public QuotaProperties {
        ignoreHeaders = ignoreHeaders == null ? List.of() : List.copyOf(ignoreHeaders);
    }

    /** Every default: headers read for every source, observations shared. */
    public static QuotaProperties defaults() {
        return new QuotaProperties(List.of(), true, Duration.ofSeconds(1));
    }
}
