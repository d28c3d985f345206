package dev.pipeline.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process ids of what a local stack started, found among this JVM's children by their command
 * lines: the services are child processes of the CLI, so nothing has to be guessed or configured.
 */
final class ServicePids {

    /** Service name, and what only its command line contains. */
    static final Map<String, String> MARKERS = markers();

    private ServicePids() {
    }

    private static Map<String, String> markers() {
        Map<String, String> markers = new LinkedHashMap<>();
        markers.put(Service.FETCHER, "fetcher-service.jar");
        markers.put(Service.PROCESSOR, "processor-service.jar");
        markers.put(Service.UPSTREAM, "stand-in-upstream");
        markers.put(Service.BROKER, "kafka.Kafka");
        return Map.copyOf(markers);
    }

    /** Service name to pid, for each service found running. */
    static Map<String, Long> find() {
        Map<String, Long> pids = new LinkedHashMap<>();
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        for (String service : Service.ALL) {
            String marker = MARKERS.get(service);
            children.stream().filter(ProcessHandle::isAlive)
                    .filter(child -> commandLine(child).map(line -> line.contains(marker)).orElse(false))
                    .findFirst().ifPresent(child -> pids.put(service, child.pid()));
        }
        return pids;
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.commandLine().or(() -> info.arguments().map(args -> String.join(" ", args)));
    }
}
