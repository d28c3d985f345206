package dev.pipeline.fetcher.quota;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** What the operator reads when {@code pipeline.quota.*} names a source that is not configured: the setting and why. */
class QuotaConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidQuotaConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidQuotaConfigException cause) {
        return new FailureAnalysis(
                "Invalid quota configuration:\n  " + cause.getMessage(),
                "Correct " + cause.property() + " in application.yml (README, \"Quotas an API announces\").",
                cause);
    }
}
