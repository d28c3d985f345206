package dev.pipeline.processor.store;

import dev.pipeline.processor.ProcessorProperties;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link ReportStore} that {@code pipeline.processor.reports.store} names: exactly one ({@code s3}: {@link S3StoreConfiguration}). */
@Configuration(proxyBeanMethods = false)
class ReportStoreConfiguration {

    /** The default: the output directory, as before there was a choice. */
    @Bean
    @ConditionalOnProperty(name = "pipeline.processor.reports.store", havingValue = "local", matchIfMissing = true)
    ReportStore localReportStore(ProcessorProperties properties) throws IOException {
        return new LocalReportStore(properties);
    }
}
