package dev.pipeline.processor.store;

import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The {@code s3} report store, with {@code pipeline.processor.reports.store: s3}. Credentials come from
 * the AWS SDK's default provider chain, never from the configuration. The bucket is checked before
 * the processor starts: a bucket that is missing, or that these credentials cannot read, stops the
 * start with a message naming it and the endpoint, rather than every report later waiting out an
 * "outage" that is a setting.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pipeline.processor.reports.store", havingValue = "s3")
class S3StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(S3StoreConfiguration.class);

    @Bean(destroyMethod = "close")
    S3Client reportsS3Client(ReportsProperties properties) {
        ReportsProperties.S3 s3 = properties.s3();
        S3ClientBuilder builder = S3Client.builder()
                // Built by the client, and so closed with it; the credentials are the SDK's default
                // chain (environment, web identity, instance profile), which the client also owns.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    @Bean
    S3ReportStore s3ReportStore(S3Client reportsS3Client, ReportsProperties properties, ProcessorProperties processor) {
        ReportsProperties.S3 s3 = properties.s3();
        S3ReportStore store = new S3ReportStore(reportsS3Client, s3.bucket(), s3.prefix(), processor.workDir());
        try {
            store.checkBucket();
        } catch (IOException e) {
            throw new BucketCheckException(
                    s3.bucket(),
                    s3.endpoint() == null
                            ? "AWS S3 in " + s3.region()
                            : s3.endpoint().toString(),
                    e);
        }
        return store;
    }
}
