package dev.pipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Not a benchmark: one very short, unforked JMH run of every {@code *Benchmark} of a module, so a
 * change to the code they measure breaks the build instead of the next benchmark session. Each
 * module's {@code BenchmarkSmokeTests} calls it from its root test package (every benchmark lives in
 * the package of the code it measures, below that) and says which benchmarks it expects.
 */
public final class BenchmarkSmoke {

    private BenchmarkSmoke() {}

    /**
     * Runs every benchmark below {@code root}'s package, each with {@code params} (to keep
     * parameterised ones small); fails on an error or a score that is not positive.
     *
     * @return the benchmarks run, as {@code class.method}
     */
    public static List<String> runAll(Class<?> root, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(root.getPackageName().replace(".", "\\.") + "\\..*Benchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        params.forEach(options::param);

        Collection<RunResult> results = new Runner(options.build()).run();

        assertThat(results)
                .allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
        return results.stream().map(r -> r.getParams().getBenchmark()).toList();
    }
}
