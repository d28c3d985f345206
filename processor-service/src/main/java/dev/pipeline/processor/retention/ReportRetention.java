package dev.pipeline.processor.retention;

import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps reports, without hoarding them: at startup and then every {@code check-interval}, the
 * oldest of this processor's reports and abandoned-run markers in the report store (see {@link OutputFiles})
 * beyond {@code max-count}, or older than {@code max-age}, are deleted. Never one written after the
 * oldest run still open here began: that run's records, should this instance restart, are read again
 * from its first one on, and with them the records of every later run on the same partitions, which
 * only the presence of their report tells apart from runs still to be reported.
 *
 * <p>The space they use is always measured, as {@code pipeline.reports.bytes} and
 * {@code pipeline.reports.count}, read again at most every few seconds.
 */
@Component
class ReportRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportRetention.class);
    /** Runs' start times are the fetchers' clocks, file times this host's: a margin for the difference. */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private static final Duration MEASURED_FOR = Duration.ofSeconds(5);

    private final RetentionProperties properties;
    private final OutputFiles files;
    private final RunLedger ledger;
    private volatile ScheduledExecutorService scheduler;
    private Usage usage = new Usage(0, 0, Instant.MIN);

    ReportRetention(RetentionProperties properties, OutputFiles files, RunLedger ledger, MeterRegistry meters) {
        this.properties = properties;
        this.files = files;
        this.ledger = ledger;
        Gauge.builder(
                        "pipeline.reports.bytes",
                        this,
                        retention -> retention.usage().bytes())
                .baseUnit("bytes")
                .description("disk used by the reports and abandoned-run markers in the output directory")
                .register(meters);
        Gauge.builder(
                        "pipeline.reports.count",
                        this,
                        retention -> retention.usage().count())
                .description("reports and abandoned-run markers in the output directory")
                .register(meters);
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        apply();
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "report-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::apply, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        scheduler = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Deletes what retention says must go; a failure is logged and left to the next check. */
    void apply() {
        try {
            List<OutputFiles.OutputFile> kept = files.list();
            Set<OutputFiles.OutputFile> expired = new LinkedHashSet<>();
            if (properties.maxAge() != null) {
                Instant before = Instant.now().minus(properties.maxAge());
                kept.stream().filter(f -> f.modified().isBefore(before)).forEach(expired::add);
            }
            if (properties.maxCount() != null && kept.size() > properties.maxCount()) {
                expired.addAll(kept.subList(0, kept.size() - properties.maxCount()));
            }
            Optional<Instant> openSince = ledger.oldestOpenRunSince().map(since -> since.minus(CLOCK_MARGIN));
            int deleted = 0;
            for (OutputFiles.OutputFile file : expired) {
                if (openSince.isPresent() && !file.modified().isBefore(openSince.get())) {
                    continue; // see the class comment: a restart would need it; a later check deletes it
                }
                files.delete(file);
                deleted++;
            }
            if (deleted > 0) {
                log.info(
                        "retention: deleted the {} oldest of {} reports and markers in {} (max-age {}, max-count {})",
                        deleted,
                        kept.size(),
                        files.where(),
                        properties.maxAge(),
                        properties.maxCount());
            }
            measure();
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "retention could not be applied now (tried again in {}): {}",
                    properties.checkInterval(),
                    e.toString());
        }
    }

    private synchronized Usage usage() {
        if (usage.measuredAt().isBefore(Instant.now().minus(MEASURED_FOR))) {
            try {
                measure();
            } catch (IOException | RuntimeException e) {
                log.debug("reports not measured: {}", e.toString());
            }
        }
        return usage;
    }

    private synchronized void measure() throws IOException {
        List<OutputFiles.OutputFile> now = files.list();
        usage = new Usage(now.stream().mapToLong(OutputFiles.OutputFile::size).sum(), now.size(), Instant.now());
    }

    private record Usage(long bytes, int count, Instant measuredAt) {}
}
