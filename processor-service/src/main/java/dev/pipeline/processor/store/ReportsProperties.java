package dev.pipeline.processor.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pipeline.processor.reports.*}: where reports and markers are kept. The defaults are here
 * and only here.
 *
 * @param store {@code local} (the output directory of this host) or {@code s3} (S3-compatible
 *              object storage, which instances on different hosts share)
 */
@ConfigurationProperties("pipeline.processor.reports")
public record ReportsProperties(@DefaultValue("local") Store store) {

    // The s3 settings (bucket, prefix, endpoint, region, path-style) come here, with the s3 store.

    /** The kinds of {@link ReportStore}. */
    public enum Store {
        LOCAL,
        S3
    }
}
