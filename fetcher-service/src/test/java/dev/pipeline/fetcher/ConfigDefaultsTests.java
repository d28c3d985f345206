package dev.pipeline.fetcher;

import dev.pipeline.fetcher.fetch.FetchProperties;
import dev.pipeline.fetcher.quota.QuotaProperties;
import dev.pipeline.fetcher.schedule.SchedulesProperties;
import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.fetcher.task.TaskProperties;
import dev.pipeline.fetcher.upload.UploadProperties;
import dev.pipeline.support.api.ApiProperties;
import dev.pipeline.support.security.ApiKeyProperties;

/**
 * Each of the fetcher's {@code pipeline.*} defaults is written once, in its properties record: not
 * again in {@code application.yml} (which keeps only what no record defaults: the sources, the
 * upstream's URL, the API's title) nor in a {@code ${pipeline.x:default}} placeholder.
 */
class ConfigDefaultsTests extends dev.pipeline.support.testing.ConfigDefaultsTests {

    ConfigDefaultsTests() {
        super(
                "dev.pipeline.fetcher",
                FetchProperties.class,
                TaskProperties.class,
                UploadProperties.class,
                TopicsProperties.class,
                SourcesProperties.class,
                SchedulesProperties.class,
                QuotaProperties.class,
                ApiProperties.class,
                ApiKeyProperties.class);
    }
}
