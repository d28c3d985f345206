package dev.pipeline.bench;

import dev.pipeline.cli.stack.LocalKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private ServicePids() {}

    private static Map<String, String> markers() {
        Map<String, String> markers = new LinkedHashMap<>();
        markers.put(Service.FETCHER, "fetcher-service.jar");
        markers.put(Service.PROCESSOR, "processor-service.jar");
        markers.put(Service.UPSTREAM, "stand-in-upstream");
        // on its class path however it was started: FormatThenRun first, kafka.Kafka on a restart
        markers.put(Service.BROKER, LocalKafkaBroker.LAUNCHER_JAR);
        return Map.copyOf(markers);
    }

    /** Service name to pid, for each service found running. */
    static Map<String, Long> find() {
        Map<String, Long> pids = new LinkedHashMap<>();
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        for (String service : Service.ALL) {
            String marker = MARKERS.get(service);
            children.stream()
                    .filter(ProcessHandle::isAlive)
                    .filter(child -> commandLine(child)
                            .map(line -> line.contains(marker))
                            .orElse(false))
                    .findFirst()
                    .ifPresent(child -> pids.put(service, child.pid()));
        }
        return pids;
    }

    /**
     * From {@code /proc/<pid>/cmdline} where there is one: the JDK's own view of a command line
     * gives up on very long ones, such as the broker's with its class path.
     */
    private static Optional<String> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            if (raw.length > 0) {
                return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
            }
        } catch (IOException | RuntimeException ex) {
            // not Linux, or the process is gone: ask the JDK
        }
        ProcessHandle.Info info = process.info();
        return info.commandLine().or(() -> info.arguments().map(args -> String.join(" ", args)));
    }
}
