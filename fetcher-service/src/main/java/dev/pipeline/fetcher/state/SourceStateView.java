package dev.pipeline.fetcher.state;

import dev.pipeline.common.SourceState;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.time.Instant;
import java.util.Optional;

/**
 * An incremental source's state as {@code GET /api/sources/{name}/state} shows it.
 *
 * @param cursor        the stored cursor; {@code null} when none is (never advanced, or reset)
 * @param nextRunFrom   where its next run starts: the cursor less the lookback, or {@code start};
 *                      {@code null} from the beginning
 * @param runId         the run that advanced it last; {@code null} when set or reset through the API
 * @param generation    bumped by every set or reset
 * @param withoutCursor items of that run whose cursor field was missing or not comparable
 */
record SourceStateView(
        String source,
        String cursor,
        String nextRunFrom,
        String runId,
        Instant updatedAt,
        long generation,
        long withoutCursor) {

    static SourceStateView of(SourceDefinition source, Optional<SourceState> state) {
        String cursor = state.map(SourceState::cursor).orElse(null);
        return new SourceStateView(
                source.name(),
                cursor,
                source.incremental().from(cursor),
                state.map(SourceState::runId).orElse(null),
                state.map(SourceState::updatedAt).orElse(null),
                state.map(SourceState::generation).orElse(0L),
                state.map(SourceState::withoutCursor).orElse(0L));
    }
}
