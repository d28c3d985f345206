package dev.pipeline.processor.cursor;

import dev.pipeline.common.Cursors;
import dev.pipeline.common.SourceState;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a reported run moves its source's cursor, and to what. The one rule, apart from the
 * Kafka around it so that it can be tested whole.
 */
final class Advance {

    private Advance() {}

    /**
     * The state to write for {@code source} after run {@code runId}, which read generation
     * {@code generation} when it started and whose items reached {@code highWater}; empty when
     * nothing must be written:
     *
     * <ul>
     *   <li>a set or reset happened after the run started ({@code current}'s generation is newer):
     *       what the run saw was fetched from a cursor the user has replaced;
     *   <li>the run reached no cursor value at all;
     *   <li>{@code current} is already at or past it (an older run reported late must not move it back).
     * </ul>
     */
    static Optional<SourceState> decide(
            Optional<SourceState> current,
            String source,
            String runId,
            long generation,
            String highWater,
            long withoutCursor,
            Instant now) {
        long currentGeneration = current.map(SourceState::generation).orElse(0L);
        if (currentGeneration != generation || highWater == null) {
            return Optional.empty();
        }
        String cursor = current.map(SourceState::cursor).orElse(null);
        if (cursor != null && Cursors.compare(highWater, cursor) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SourceState(source, highWater, runId, now, generation, withoutCursor));
    }
}
