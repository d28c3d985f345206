package dev.pipeline.processor;

import dev.pipeline.processor.catalog.CatalogProperties;
import dev.pipeline.processor.notify.NotifyProperties;
import dev.pipeline.processor.retention.RetentionProperties;
import dev.pipeline.processor.store.ReportsProperties;
import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;

/**
 * Each of the processor's {@code pipeline.*} defaults is written once, in its properties record: not
 * again in {@code application.yml} (which keeps only what no record defaults: {@code work-dir}, made
 * of other settings, and the API's title) nor in a {@code ${pipeline.x:default}} placeholder.
 */
class ConfigDefaultsTests extends dev.pipeline.support.testing.ConfigDefaultsTests {

    ConfigDefaultsTests() {
        super(
                "dev.pipeline.processor",
                ProcessorProperties.class,
                RetentionProperties.class,
                NotifyProperties.class,
                CatalogProperties.class,
                ReportsProperties.class,
                ApiProperties.class,
                ApiKeyProperties.class,
                dev.pipeline.processor.announce.AnnounceProperties.class);
    }
}
