package dev.pipeline.processor.run;

import dev.pipeline.common.Topics;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to change when {@code abandon-after} is too long for the products topic: one or the other. */
class AbandonAfterFailureAnalyzer extends AbstractFailureAnalyzer<AbandonAfterCheck.AbandonAfterTooLongException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AbandonAfterCheck.AbandonAfterTooLongException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set pipeline.processor.abandon-after to at most " + cause.longestAllowed() + ", or keep records of "
                        + Topics.PRODUCTS + " longer: kafka-configs.sh --alter --entity-type topics --entity-name "
                        + Topics.PRODUCTS
                        + " --add-config min.compaction.lag.ms=<milliseconds> (README, \"Processor settings\").",
                cause);
    }
}
