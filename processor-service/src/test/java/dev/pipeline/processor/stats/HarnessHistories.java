package dev.pipeline.processor.stats;

import dev.pipeline.processor.ProcessorProperties;

/** For timing harnesses of other packages: {@link RunHistory} as the application makes it. */
public final class HarnessHistories {

    private HarnessHistories() {}

    public static RunHistory of(ProcessorProperties properties) {
        return new RunHistory(properties);
    }
}
