package dev.pipeline.cli.stack;

import java.net.URI;
import java.util.Optional;

/** What whoever watches a run may ask of the processes it depends on. */
public interface ServiceGuard {

    /**
     * Throws a {@link PipelineFailure} with the log tail of a process the run cannot do without
     * that has died. An instance whose service has others left may die without failing the run.
     */
    void ensureRunning();

    /** A failure blamed on one service, with its log tail when this guard started it. */
    PipelineFailure failure(String service, String reason);

    /**
     * Where to ask {@code service} ({@code "fetcher"} or {@code "processor"}) about a run now, when
     * this guard knows its instances: a living one, so a watcher never keeps asking a dead one.
     * Empty: keep asking the address the watcher was given.
     */
    default Optional<URI> instanceToAsk(String service) {
        return Optional.empty();
    }
}
