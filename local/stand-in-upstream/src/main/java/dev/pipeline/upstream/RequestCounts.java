package dev.pipeline.upstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many requests arrived for each path, so tests can check how often a client called. */
final class RequestCounts {

    // Keyed by exact path: the set stays small (a handful of endpoints), and any prefix can be
    // summed on demand without knowing in advance which prefixes a test will ask about.
    private final ConcurrentHashMap<String, LongAdder> byPath = new ConcurrentHashMap<>();

    void record(String path) {
        byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    long startingWith(String prefix) {
        return byPath.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
    }
}
