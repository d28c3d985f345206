package dev.pipeline.processor.report;

import dev.pipeline.processor.store.ReportStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code reports}, in the readiness group: DOWN while reports cannot be written at all (the disk, the object store;
 * consumption is paused), OUT_OF_SERVICE while some run's report is failing and being tried again
 * (the other runs are reported meanwhile), UP otherwise. The details name the runs and the reasons,
 * and where reports are kept ({@code store}: {@link ReportStore#describe()}).
 */
@Component
class ReportsHealthIndicator implements HealthIndicator {

    private final RunCompletion completion;
    private final ReportStore store;

    ReportsHealthIndicator(RunCompletion completion, ReportStore store) {
        this.completion = completion;
        this.store = store;
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
            return Health.up().withDetail("store", store.describe()).build();
        }
        health.withDetail("store", store.describe());
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
