package dev.pipeline.cli.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JVM flags for every child process. Kafka, lz4 and RocksDB use sun.misc.Unsafe and native code;
 * without these flags JDK 24+ prints warnings that would crowd the log tail shown on a failure.
 */
final class JvmOptions {

    /**
     * Options, split on whitespace (no quoting: a value cannot hold a space), that the stack adds to
     * the fetcher's and processor's runs and to no other JVM it starts: not the broker, the stand-in
     * upstream or Kafka's perf tools, which {@code JAVA_TOOL_OPTIONS} would reach too, and not the
     * services' start-up cache trainings. For measuring a JVM setting of the services alone
     * ({@code ./pipeline bench}; BENCHMARKS.md, "The services' JVM options"). They come after the
     * stack's own options (before its AOT cache's), so a flag given here wins over the stack's of the
     * same name.
     */
    static final String SERVICES_VARIABLE = "PIPELINE_SERVICE_JVM_OPTIONS";

    private JvmOptions() {}

    /** The extra options {@code value} (the {@link #SERVICES_VARIABLE}'s, or {@code null} if unset) names. */
    static List<String> forServices(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("\\s+")).toList();
    }

    /**
     * C1 only: for a JVM whose peak speed is never the point, so that C2 compiling it does not take
     * the cores it shares with what is measured.
     */
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    static List<String> quiet() {
        List<String> options =
                new ArrayList<>(List.of("-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow"); // the flag exists only from JDK 24 on
        }
        return options;
    }
}
