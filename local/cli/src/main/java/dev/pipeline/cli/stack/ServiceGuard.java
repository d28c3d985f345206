package dev.pipeline.cli.stack;

/** What whoever watches a run may ask of the processes it depends on. */
public interface ServiceGuard {

    /** Throws a {@link PipelineFailure} with the log tail of the first process that has died. */
    void ensureRunning();

    /** A failure blamed on one service, with its log tail when this guard started it. */
    PipelineFailure failure(String service, String reason);
}
