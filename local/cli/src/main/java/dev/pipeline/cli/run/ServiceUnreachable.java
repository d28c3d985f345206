package dev.pipeline.cli.run;

import dev.pipeline.cli.stack.PipelineFailure;

/**
 * A service that did not answer at all (refused, reset, timed out), as opposed to one that answered
 * with an error: the one failure a watcher may wait out for a moment, since the service may have
 * just died and another instance be there to ask.
 */
public final class ServiceUnreachable extends PipelineFailure {

    ServiceUnreachable(String reason, Throwable cause) {
        super(reason, cause);
    }
}
