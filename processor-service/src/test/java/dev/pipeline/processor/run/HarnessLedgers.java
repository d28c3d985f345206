package dev.pipeline.processor.run;

import dev.pipeline.processor.ProcessorProperties;
import io.micrometer.core.instrument.MeterRegistry;

/** For timing harnesses of other packages: a ledger as the application makes it. */
public final class HarnessLedgers {

    private HarnessLedgers() {}

    public static RunLedger ledger(ProcessorProperties properties, MeterRegistry meters) throws java.io.IOException {
        return new RunLedger(properties, new AbandonedRuns(properties, meters), meters);
    }
}
