package dev.pipeline.fetcher.metrics;

import dev.pipeline.common.SourceStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The fetcher's run counters, as Prometheus sees them: runs started and finished (by end state),
 * and per source the requests sent, items found and errors recorded. Tagged by source name, which
 * comes from configuration (or is {@code upload}), so the tag's values stay few.
 */
@Component
public class RunMetrics {

    private final MeterRegistry meters;
    private final Counter started;

    RunMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.started = Counter.builder("pipeline.runs.started")
                .description("runs started")
                .register(meters);
    }

    public void runStarted() {
        started.increment();
    }

    /** {@code state} is where the run ended: FETCHED or FAILED. */
    public void runFinished(Enum<?> state) {
        Counter.builder("pipeline.runs.finished")
                .description("runs that ended, by end state")
                .tag("state", state.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    /** What one source did in one task (an upload is one), counted once the task is committed. */
    public void sourceDone(String source, SourceStats stats, long errors) {
        count("pipeline.source.requests", "HTTP requests sent, retries included", source, stats.requests());
        count("pipeline.source.items", "items found on pages or in uploads", source, stats.items());
        count("pipeline.source.invalid.items", "items that failed validation", source, stats.invalidItems());
        count("pipeline.source.errors", "errors recorded: failed pages and invalid items", source, errors);
    }

    private void count(String name, String description, String source, long amount) {
        Counter.builder(name)
                .description(description)
                .tag("source", source)
                .register(meters)
                .increment(amount);
    }
}
