package dev.pipeline.fetcher.schedule;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** What the operator reads when a schedule names a source that is not configured: the setting and why. */
class ScheduleConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidScheduleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidScheduleException cause) {
        return new FailureAnalysis(
                "Invalid schedule configuration:\n  " + cause.getMessage(),
                "Correct " + cause.property() + " in application.yml (README, \"Run it on a schedule\").",
                cause);
    }
}
