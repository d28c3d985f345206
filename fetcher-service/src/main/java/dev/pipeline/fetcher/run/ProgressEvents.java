package dev.pipeline.fetcher.run;

import dev.pipeline.common.FetchState;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A run's progress as Server-Sent Events: a {@code progress} event with the run's view each time it
 * changes (looked at every 250 ms, on a virtual thread per watcher), then one {@code end} event
 * once the run is FETCHED or FAILED, and the stream completes. A comment every 15 s while nothing
 * changes finds a client that has gone away, so its thread does not outlive it.
 */
@Component
class ProgressEvents {

    private static final Logger log = LoggerFactory.getLogger(ProgressEvents.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofHours(1);

    SseEmitter stream(TrackedRun run) {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        AtomicBoolean closed = new AtomicBoolean();
        emitter.onCompletion(() -> closed.set(true));
        emitter.onTimeout(() -> closed.set(true));
        emitter.onError(error -> closed.set(true));
        Thread.ofVirtual().name("run-events-" + run.runId()).start(() -> pump(run, emitter, closed));
        return emitter;
    }

    private static void pump(TrackedRun run, SseEmitter emitter, AtomicBoolean closed) {
        RunView last = null;
        long id = 0;
        long quietSince = System.nanoTime();
        try {
            while (!closed.get()) {
                RunView view = run.view();
                if (!view.equals(last)) {
                    emitter.send(SseEmitter.event()
                            .name("progress")
                            .id(Long.toString(++id))
                            .data(view, MediaType.APPLICATION_JSON));
                    last = view;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                    emitter.send(SseEmitter.event().comment("still running"));
                    quietSince = System.nanoTime();
                }
                if (view.state() != FetchState.RUNNING) {
                    emitter.send(SseEmitter.event()
                            .name("end")
                            .id(Long.toString(++id))
                            .data(view, MediaType.APPLICATION_JSON));
                    emitter.complete();
                    return;
                }
                Thread.sleep(POLL);
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("run {}: event stream closed by the client", run.runId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }
}
