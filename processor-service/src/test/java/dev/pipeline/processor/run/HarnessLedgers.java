package dev.pipeline.processor.run;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import io.micrometer.core.instrument.MeterRegistry;

/** For timing harnesses of other packages: a ledger as the application makes it. */
public final class HarnessLedgers {

    private HarnessLedgers() {}

    public static RunLedger ledger(ProcessorProperties properties, MeterRegistry meters) throws java.io.IOException {
        ReportStore store = new LocalReportStore(properties);
        return new RunLedger(properties, new AbandonedRuns(store, meters), store, meters);
    }
}
