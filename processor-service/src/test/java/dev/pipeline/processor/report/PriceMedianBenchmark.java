package dev.pipeline.processor.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The report's median price ({@code report.PriceSpill}): a run's prices spilled to a file, then
 * selected in place over a memory map. One operation is a whole run's worth: add {@code prices}
 * prices, take the median, delete the file. Selection reorders the file, so each operation starts
 * from a fresh spill. In the package of the code it measures, so it uses the package-private class
 * directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
public class PriceMedianBenchmark {

    @Param({"10000", "1000000"})
    public int prices;

    private Path directory;
    private double[] values;
    private int spills;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("price-median-bench");
        SplittableRandom random = new SplittableRandom(42);
        values = new double[prices];
        for (int i = 0; i < prices; i++) {
            values[i] = random.nextInt(50, 200_001) / 100.0; // the stand-in's price range, in cents
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public Double spillAndMedian() throws IOException {
        try (PriceSpill spill = new PriceSpill(directory.resolve("prices-" + spills++))) {
            for (double value : values) {
                spill.add(value);
            }
            return spill.median();
        }
    }
}
