package dev.pipeline.cli.stack;

import java.util.Optional;

/**
 * A local run that cannot go on: a process died, was not ready in time, or a run did not finish.
 * Carries the tail of the log that explains it, so the user sees the cause without digging.
 */
public class PipelineFailure extends RuntimeException {

    private final transient LogExcerpt excerpt;

    public PipelineFailure(String reason) {
        this(reason, null, null);
    }

    public PipelineFailure(String reason, LogExcerpt excerpt) {
        this(reason, excerpt, null);
    }

    public PipelineFailure(String reason, Throwable cause) {
        this(reason, null, cause);
    }

    private PipelineFailure(String reason, LogExcerpt excerpt, Throwable cause) {
        super(reason, cause);
        this.excerpt = excerpt;
    }

    public Optional<LogExcerpt> excerpt() {
        return Optional.ofNullable(excerpt);
    }
}
