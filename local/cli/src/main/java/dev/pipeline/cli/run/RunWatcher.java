package dev.pipeline.cli.run;

import java.time.Duration;
import java.util.Optional;

import dev.pipeline.cli.stack.Durations;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.ServiceGuard;

/**
 * Follows one run from trigger to completion: asks both services how far it got, passes that on
 * to the progress display, and fails as soon as a process dies, the fetch fails or time runs out.
 */
public final class RunWatcher {

    static final Duration DEFAULT_POLL = Duration.ofMillis(500);

    private final FetcherClient fetcher;
    private final ProcessorClient processor;
    private final ServiceGuard guard;
    private final ProgressListener listener;
    private final Duration poll;

    public RunWatcher(FetcherClient fetcher, ProcessorClient processor, ServiceGuard guard, ProgressListener listener) {
        this(fetcher, processor, guard, listener, DEFAULT_POLL);
    }

    RunWatcher(FetcherClient fetcher, ProcessorClient processor, ServiceGuard guard, ProgressListener listener,
            Duration poll) {
        this.fetcher = fetcher;
        this.processor = processor;
        this.guard = guard;
        this.listener = listener;
        this.poll = poll;
    }

    /** Returns the processor's view of the completed run. */
    public ProcessedRun awaitCompletion(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            guard.ensureRunning();
            RunProgress progress = new RunProgress(fetcher.run(runId), processor.run(runId));
            listener.onProgress(progress);
            if (progress.fetch().failed()) {
                throw guard.failure("fetcher", "reports run " + runId + " as FAILED");
            }
            Optional<ProcessedRun> givenUp = progress.processed().filter(ProcessedRun::givenUp);
            if (givenUp.isPresent()) {
                throw guard.failure("processor", "reports run " + runId + " as " + givenUp.get().state() + ": "
                        + givenUp.get().reason());
            }
            Optional<ProcessedRun> done = progress.processed().filter(ProcessedRun::complete);
            if (done.isPresent()) {
                return done.get();
            }
            if (System.nanoTime() > deadline) {
                throw guard.failure("processor", "had not completed run %s after %s (fetcher: %s, %d items; processed: %d products, %d errors)"
                        .formatted(runId, Durations.describe(timeout), progress.fetch().state(), progress.fetch().itemsFetched(),
                                progress.productsProcessed(), progress.errorsProcessed()));
            }
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while watching the run", ex);
        }
    }
}
