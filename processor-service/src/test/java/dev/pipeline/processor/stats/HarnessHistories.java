package dev.pipeline.processor.stats;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import java.io.IOException;

/** For timing harnesses of other packages: {@link RunHistory} as the application makes it. */
public final class HarnessHistories {

    private HarnessHistories() {}

    public static RunHistory of(ProcessorProperties properties) throws IOException {
        LocalReportStore store = new LocalReportStore(properties);
        return new RunHistory(store, new StoreListing(store));
    }
}
