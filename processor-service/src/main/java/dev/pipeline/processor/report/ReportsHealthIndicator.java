package dev.pipeline.processor.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code reports}, in the readiness group: DOWN while reports cannot be written at all (the disk;
 * consumption is paused), OUT_OF_SERVICE while some run's report is failing and being tried again
 * (the other runs are reported meanwhile), UP otherwise. The details name the runs and the reasons.
 */
@Component
class ReportsHealthIndicator implements HealthIndicator {

    private final RunCompletion completion;

    ReportsHealthIndicator(RunCompletion completion) {
        this.completion = completion;
    }

    @Override
    public Health health() {
        Outage.State outage = completion.outage();
        Map<String, ReportRetries.Failing> failing = completion.retries().failing();
        Health.Builder health;
        if (outage != null) {
            health = Health.down()
                    .withDetail("reason", outage.reason())
                    .withDetail("since", outage.since().toString())
                    .withDetail("consumption", "paused");
            if (outage.runId() != null) {
                health.withDetail("run", outage.runId());
            }
        } else if (!failing.isEmpty()) {
            health = Health.outOfService();
        } else {
            return Health.up().build();
        }
        if (!failing.isEmpty()) {
            Map<String, String> runs = new LinkedHashMap<>();
            int tries = completion.retries().maxTries();
            failing.forEach((runId, run) -> runs.put(
                    runId,
                    "try " + run.tries() + " of " + tries + " failed: " + run.lastFailure() + "; next try at "
                            + run.nextTry()));
            health.withDetail("failingReports", runs);
        }
        return health.build();
    }
}
