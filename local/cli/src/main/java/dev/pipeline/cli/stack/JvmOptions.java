package dev.pipeline.cli.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags for every child process. Kafka, lz4 and RocksDB use sun.misc.Unsafe and native code;
 * without these flags JDK 24+ prints warnings that would crowd the log tail shown on a failure.
 */
final class JvmOptions {

    private JvmOptions() {}

    static List<String> quiet() {
        List<String> options =
                new ArrayList<>(List.of("-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow"); // the flag exists only from JDK 24 on
        }
        return options;
    }
}
