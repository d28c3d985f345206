package dev.pipeline.common;

import java.time.Instant;
import java.util.Map;

/**
 * Where a run's records end, once every task it planned is done: what its tasks' {@link RunEvent.TaskDone}s
 * add up to (see {@link RunTasks#end(String)}). Not an event: each reader works it out from the tasks.
 *
 * @param lastOffsets       each {@link Topics#PRODUCTS} partition the run wrote to, to the offset of its
 *                          last record there: the run is complete once a reader has consumed each
 *                          partition past that offset
 * @param productsPublished the product records its tasks published
 * @param endedAt           when its last task was done
 */
public record RunEnd(String runId, Map<Integer, Long> lastOffsets, long productsPublished, Instant endedAt) {

    public RunEnd {
        lastOffsets = Map.copyOf(lastOffsets);
    }
}
