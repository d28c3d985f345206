package dev.pipeline.processor.store;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.processor.reports.*}: where reports and markers are kept. The defaults are here and
 * only here; a value out of range stops the service at startup, naming the property.
 *
 * @param store {@code local} (the output directory of this host) or {@code s3} (S3-compatible object
 *              storage, which instances on different hosts all read)
 * @param s3    the object storage, read only with {@code store: s3}
 */
@Validated
@ConfigurationProperties("pipeline.processor.reports")
public record ReportsProperties(
        @DefaultValue("local") @NotNull Store store,
        @DefaultValue @Valid @NotNull S3 s3) {

    public enum Store {
        LOCAL,
        S3
    }

    /**
     * {@code pipeline.processor.reports.s3.*}. Credentials are never here: the AWS SDK's default
     * provider chain finds them ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, a web
     * identity token in Kubernetes, an instance profile, ...).
     *
     * @param bucket    the bucket, which must exist (whoever deploys creates it; checked at startup);
     *                  required with {@code store: s3}
     * @param prefix    put before every key: objects are {@code <prefix><runId>.json} and
     *                  {@code <prefix><runId>.abandoned}; a "directory" needs its slash ({@code reports/})
     * @param endpoint  an S3-compatible server's base URL ({@code http://minio:9000}); unset, AWS's
     *                  endpoint of the region
     * @param region    the region requests are signed for
     * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: what most
     *                  S3-compatible servers need
     */
    public record S3(
            String bucket,
            @DefaultValue("") @NotNull String prefix,
            URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("false") boolean pathStyle) {

        @AssertTrue(message = "pipeline.processor.reports.s3.endpoint must be an absolute http or https URL")
        public boolean isEndpointHttp() {
            return endpoint == null
                    || (endpoint.isAbsolute()
                            && endpoint.getHost() != null
                            && ("http".equalsIgnoreCase(endpoint.getScheme())
                                    || "https".equalsIgnoreCase(endpoint.getScheme())));
        }
    }

    @AssertTrue(
            message = "pipeline.processor.reports.s3.bucket must be set (env PIPELINE_PROCESSOR_REPORTS_S3_BUCKET)"
                    + " when pipeline.processor.reports.store is s3")
    public boolean isBucketSetForS3() {
        return store != Store.S3 || (s3.bucket() != null && !s3.bucket().isBlank());
    }
}
