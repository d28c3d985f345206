package dev.pipeline.processor.cursor;

import dev.pipeline.common.SourceState;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Where sources' states are read and written: {@code pipeline.source-state} ({@link SourceStateLog}). */
interface StateLog {

    /** The source's state now, every record of it read; empty when it has none. */
    Optional<SourceState> read(String source);

    /** Writes the state; it is durable when this returns. */
    void write(SourceState state) throws ExecutionException, InterruptedException;
}
