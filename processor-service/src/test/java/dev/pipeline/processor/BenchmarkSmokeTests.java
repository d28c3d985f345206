package dev.pipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.testing.BenchmarkSmoke;
import dev.pipeline.processor.ingest.ProductRecordDeserializerBenchmark;
import dev.pipeline.processor.report.PriceMedianBenchmark;
import dev.pipeline.processor.run.AggregationBenchmark;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Not a benchmark: every JMH benchmark of this module run once, briefly ({@link BenchmarkSmoke}), so
 * that a change to the code they measure breaks the build instead of the next benchmark session.
 */
class BenchmarkSmokeTests {

    @Test
    void everyBenchmarkRunsAndScores() throws RunnerException {
        assertThat(BenchmarkSmoke.runAll(BenchmarkSmokeTests.class, Map.of("prices", "1000")))
                .contains(
                        AggregationBenchmark.class.getName() + ".encode",
                        AggregationBenchmark.class.getName() + ".decode",
                        PriceMedianBenchmark.class.getName() + ".spillAndMedian",
                        ProductRecordDeserializerBenchmark.class.getName() + ".fast",
                        ProductRecordDeserializerBenchmark.class.getName() + ".canonical");
    }
}
