package dev.pipeline.processor.cursor;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceState;
import dev.pipeline.processor.report.RunReported;
import dev.pipeline.processor.run.SourceCursor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Advances incremental sources' cursors once a run that fetched them is reported: for each
 * incremental source of the run ({@link RunEvent.Started#incremental}) that was fetched cleanly
 * ({@link SourceCursor#clean()}), to the highest high-water mark of its counted tasks, as
 * {@link Advance} allows. A backfill's date-window tasks report their window's end as a mark, so a
 * clean windowed run moves the cursor to its last window's end: every window below it was fetched. A source with a failed page or a dead-lettered task keeps its cursor: the
 * next run fetches from there again, so nothing is skipped; a run given up on ({@code FAILED}) is
 * never announced as reported, so it advances nothing.
 *
 * <p>On its own thread, one event after the other, so that reading and writing the topic never
 * holds up the thread that reports runs. Should the process die before a write, or a write fail,
 * the cursor stays where it was: behind the reports, never ahead of them.
 */
@Component
class CursorAdvancer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CursorAdvancer.class);

    private final StateLog states;
    private final Clock clock;
    private final Counter advanced;
    private final Counter held;
    private final Counter failed;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread advancer = new Thread(task, "cursor-advancer");
        advancer.setDaemon(true);
        return advancer;
    });

    CursorAdvancer(StateLog states, MeterRegistry meters) {
        this.states = states;
        this.clock = Clock.systemUTC();
        this.advanced = Counter.builder("pipeline.cursors.advanced")
                .description("incremental sources' cursors advanced after a report")
                .register(meters);
        this.held = Counter.builder("pipeline.cursors.held")
                .description(
                        "incremental sources of a reported run whose cursor stayed: a page failed or a task was dead-lettered")
                .register(meters);
        this.failed = Counter.builder("pipeline.cursors.failed")
                .description("cursors that could not be advanced (the next run fetches again from the old one)")
                .register(meters);
    }

    @EventListener
    void onReported(RunReported reported) {
        if (reported.started() != null && !reported.started().cursors().isEmpty()) {
            thread.execute(() -> advance(reported));
        }
    }

    /** Every incremental source of the run, in turn; one that fails leaves the others be. */
    void advance(RunReported reported) {
        RunEvent.Started started = reported.started();
        for (String source : started.cursors().keySet()) {
            try {
                advance(reported, source);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed.increment();
                log.error(
                        "run {}: the cursor of {} was not advanced, its next run fetches from the old one again: {}",
                        reported.runId(),
                        source,
                        e.toString());
            }
        }
    }

    private void advance(RunReported reported, String source) throws Exception {
        SourceCursor cursor = reported.cursors().get(source);
        if (cursor == null || !cursor.clean()) {
            held.increment();
            log.warn(
                    "run {}: the cursor of {} stays where it was: a page failed or a task was dead-lettered,"
                            + " so its next run fetches from the same cursor",
                    reported.runId(),
                    source);
            return;
        }
        if (cursor.withoutCursor() > 0) {
            log.warn(
                    "run {}: {} items of {} had no comparable cursor value; published all the same",
                    reported.runId(),
                    cursor.withoutCursor(),
                    source);
        }
        Optional<SourceState> current = states.read(source);
        Optional<SourceState> next = Advance.decide(
                current,
                source,
                reported.runId(),
                reported.started().generation(source),
                cursor.highWater(),
                cursor.withoutCursor(),
                clock.instant());
        if (next.isEmpty()) {
            log.info(
                    "run {}: the cursor of {} stays at {} (the run reached {}; generation {} now, {} when it started)",
                    reported.runId(),
                    source,
                    current.map(SourceState::cursor).orElse(null),
                    cursor.highWater(),
                    current.map(SourceState::generation).orElse(0L),
                    reported.started().generation(source));
            return;
        }
        states.write(next.get());
        advanced.increment();
        log.info(
                "run {}: the cursor of {} advanced to {}",
                reported.runId(),
                source,
                next.get().cursor());
    }

    @Override
    public void destroy() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
