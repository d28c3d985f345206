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
 * @param reserve         how much of a window's quota is left when pacing starts: until then
 *                        requests go at the configured rate limit's pace
 */
@ConfigurationProperties("pipeline.quota")
public record QuotaProperties(
        List<String> ignoreHeaders,
        @DefaultValue("true") boolean share,
        @DefaultValue("1s") Duration publishInterval,
        @DefaultValue Reserve reserve) {

    public QuotaProperties {
        ignoreHeaders = ignoreHeaders == null ? List.of() : List.copyOf(ignoreHeaders);
        reserve = reserve == null ? Reserve.DEFAULT : reserve;
    }

    /** Every default: headers read for every source, observations shared, a tenth held in reserve. */
    public static QuotaProperties defaults() {
        return new QuotaProperties(List.of(), true, Duration.ofSeconds(1), Reserve.DEFAULT);
    }

    /**
     * {@code pipeline.quota.reserve.*}: the part of a window's quota below which a source is paced. An
     * API that has plenty left is not slowed at all (a 5,000-an-hour quota spread evenly would hold a
     * 100-page run to one request every 0.7 s); once what is left falls to the reserve, it is spread
     * over the time to the reset, so the API never has to refuse.
     *
     * @param fraction of the limit the API announces, 0 to 1
     * @param floor    requests: the reserve is never smaller, and is this alone when the API announces no
     *                 limit. It covers the requests already in flight when an answer is read, which its
     *                 {@code remaining} does not count yet: a small quota is paced from the start.
     */
    public record Reserve(
            @DefaultValue("0.1") double fraction,
            @DefaultValue("10") long floor) {

        static final Reserve DEFAULT = new Reserve(0.1, 10);

        /** The whole reserve, for every instance together, of a window {@code quota} describes. */
        long of(Quota quota) {
            return quota.limit() >= 0 ? Math.max((long) Math.ceil(quota.limit() * fraction), floor) : floor;
        }
    }
}
