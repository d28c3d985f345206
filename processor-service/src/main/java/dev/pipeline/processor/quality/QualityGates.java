package dev.pipeline.processor.quality;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceExpectations;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.processor.run.OpenRun;
import dev.pipeline.processor.run.RunStore;
import dev.pipeline.processor.stats.LastRuns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a complete run against the gates its sources declared, from its store: products per
 * source from the store's keys, {@code invalid_item} errors per source from its errors (those the
 * fetcher found and those the processor's price rule found), the previous complete run's products
 * from the reports on disk. A run without gates costs nothing: no pass over its store.
 */
@Component
public class QualityGates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LastRuns lastRuns;

    QualityGates(LastRuns lastRuns) {
        this.lastRuns = lastRuns;
    }

    /** @return {@code null} when the run declared no gates (its report has no {@code quality} section) */
    public QualityVerdict check(OpenRun run) {
        RunEvent.Started started = run.started();
        if (started == null || started.expectations().isEmpty()) {
            return null;
        }
        Map<String, Long> products = run.withStore(RunStore::productsBySource);
        Map<String, Long> invalid = run.withStore(QualityGates::invalidBySource);
        List<GateResult> gates = new ArrayList<>();
        for (Map.Entry<String, SourceExpectations> expected : new TreeMap<>(started.expectations()).entrySet()) {
            String source = expected.getKey();
            SourceExpectations expect = expected.getValue();
            gates.addAll(GateCheck.check(
                    source,
                    expect,
                    products.getOrDefault(source, 0L),
                    invalid.getOrDefault(source, 0L),
                    expect.maxDropVsLastRun() == null || started.incremental(source)
                            ? java.util.OptionalLong.empty()
                            : lastRuns.productsOfLastCompleteRun(source, started.startedAt(), run.runId()),
                    started.incremental(source)));
        }
        return new QualityVerdict(gates);
    }

    private static Map<String, Long> invalidBySource(RunStore store) {
        Map<String, Long> counts = new HashMap<>();
        String invalidItem = ErrorKind.INVALID_ITEM.wireName();
        store.forEachError((key, value) -> {
            JsonNode error = JSON.readTree(value);
            if (invalidItem.equals(error.path(ReportKeys.Errors.KIND).asString(null))) {
                String source = error.path(ReportKeys.Errors.SOURCE).asString(null);
                if (source != null) {
                    counts.merge(source, 1L, Long::sum);
                }
            }
        });
        return counts;
    }
}
