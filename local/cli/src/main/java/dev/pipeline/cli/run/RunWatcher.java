package dev.pipeline.cli.run;

import dev.pipeline.cli.stack.Durations;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.ServiceGuard;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows one run from trigger to completion: asks both services how far it got, passes that on
 * to the progress display, and fails as soon as a process the run cannot do without dies, the
 * fetch fails or time runs out. It asks the living instances the guard names, so an instance that
 * dies mid-run (and that the others stand in for) does not end the watch.
 */
public final class RunWatcher {

    /**
     * A run is done when the processor says so, and the summary waits for the next look: every
     * 500 ms cost a short run 250 ms on average. Two small GETs on loopback ten times a second are
     * nothing to either service.
     */
    static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    /** How long a service may not answer at all before that fails the run. */
    static final Duration DEFAULT_UNREACHABLE_GRACE = Duration.ofSeconds(10);

    private final FetcherClient fetcher;
    private final ProcessorClient processor;
    private final ServiceGuard guard;
    private final ProgressListener listener;
    private final Duration poll;
    private final Duration unreachableGrace;

    public RunWatcher(FetcherClient fetcher, ProcessorClient processor, ServiceGuard guard, ProgressListener listener) {
        this(fetcher, processor, guard, listener, DEFAULT_POLL, DEFAULT_UNREACHABLE_GRACE);
    }

    RunWatcher(
            FetcherClient fetcher,
            ProcessorClient processor,
            ServiceGuard guard,
            ProgressListener listener,
            Duration poll,
            Duration unreachableGrace) {
        this.fetcher = fetcher;
        this.processor = processor;
        this.guard = guard;
        this.listener = listener;
        this.poll = poll;
        this.unreachableGrace = unreachableGrace;
    }

    /** Returns the processor's view of the completed run. */
    public ProcessedRun awaitCompletion(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long unreachableSince = null;
        while (true) {
            guard.ensureRunning();
            RunSnapshot progress;
            try {
                progress = new RunSnapshot(fetcher().run(runId), processor().run(runId));
                unreachableSince = null;
            } catch (ServiceUnreachable ex) {
                // An instance killed between the check above and the call: the next check finds it
                // dead and the next call asks a living one. One that stays silent is the failure.
                long now = System.nanoTime();
                if (unreachableSince == null) {
                    unreachableSince = now;
                } else if (now - unreachableSince > unreachableGrace.toNanos()) {
                    throw ex;
                }
                sleep();
                continue;
            }
            listener.onProgress(progress);
            if (progress.fetch().failed()) {
                throw guard.failure("fetcher", "reports run " + runId + " as FAILED");
            }
            Optional<ProcessedRun> givenUp = progress.processed().filter(ProcessedRun::givenUp);
            if (givenUp.isPresent()) {
                throw guard.failure(
                        "processor",
                        "reports run " + runId + " as " + givenUp.get().stateName() + ": "
                                + givenUp.get().reason());
            }
            Optional<ProcessedRun> done = progress.processed().filter(ProcessedRun::complete);
            if (done.isPresent()) {
                return done.get();
            }
            if (System.nanoTime() > deadline) {
                throw guard.failure(
                        "processor",
                        "had not completed run %s after %s (fetcher: %s, %d items; processed: %d products, %d errors)"
                                .formatted(
                                        runId,
                                        Durations.describe(timeout),
                                        progress.fetch().stateName(),
                                        progress.fetch().itemsFetched(),
                                        progress.productsProcessed(),
                                        progress.errorsProcessed()));
            }
            sleep();
        }
    }

    /** Reads are open, so a client for another instance needs no API key. */
    private FetcherClient fetcher() {
        return guard.instanceToAsk("fetcher").map(FetcherClient::new).orElse(fetcher);
    }

    private ProcessorClient processor() {
        return guard.instanceToAsk("processor").map(ProcessorClient::new).orElse(processor);
    }

    private void sleep() {
        try {
            Thread.sleep(poll);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while watching the run", ex);
        }
    }
}
