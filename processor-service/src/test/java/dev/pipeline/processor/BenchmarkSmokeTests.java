package dev.pipeline.processor;

import java.util.Collection;

import dev.pipeline.processor.report.PriceMedianBenchmark;
import dev.pipeline.processor.run.AggregationBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a benchmark: one very short, unforked JMH run of every benchmark of the module (each lives in
 * the package of the code it measures, below this one), so that a change to that code breaks the
 * build instead of the next benchmark session.
 */
class BenchmarkSmokeTests {

    @Test
    void everyBenchmarkRunsAndScores() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(BenchmarkSmokeTests.class.getPackageName() + "\\..*Benchmark")
                .param("prices", "1000")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark())
                .contains(AggregationBenchmark.class.getName() + ".encode",
                        AggregationBenchmark.class.getName() + ".decode", PriceMedianBenchmark.class.getName() + ".spillAndMedian");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
