package dev.pipeline.fetcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.testing.BenchmarkSmoke;
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
        assertThat(BenchmarkSmoke.runAll(BenchmarkSmokeTests.class, Map.of()))
                .contains(
                        ItemMapperBenchmark.class.getName() + ".mapItem",
                        ItemMapperBenchmark.class.getName() + ".parsePage",
                        ItemMapperBenchmark.class.getName() + ".parseAndMapPage",
                        ItemMapperBenchmark.class.getName() + ".parseMapAndWritePage",
                        ProductJsonBenchmark.class.getName() + ".productJson",
                        ProductJsonBenchmark.class.getName() + ".pageWriter",
                        ProductJsonBenchmark.class.getName() + ".beanSerializer");
    }
}
