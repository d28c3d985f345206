package dev.pipeline.bench;

import java.util.List;

/** The names the benchmark gives the processes of a local stack, in the order its tables list them. */
final class Service {

    static final String FETCHER = "fetcher";
    static final String PROCESSOR = "processor";
    static final String UPSTREAM = "stand-in-upstream";
    static final String BROKER = "kafka-broker";

    static final List<String> ALL = List.of(FETCHER, PROCESSOR, UPSTREAM, BROKER);

    /** The services with a Spring actuator, whose heap is read from /actuator/prometheus. */
    static final List<String> SPRING = List.of(FETCHER, PROCESSOR);

    private Service() {}
}
