package dev.pipeline.bench;

import dev.pipeline.cli.stack.ChildProcess;
import dev.pipeline.cli.stack.PipelineFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of running services, started and stopped with {@code jcmd} (the services are
 * this CLI's children, so their pids are known), and where their CPU samples fell: the hottest
 * methods by own time, the hottest packages, and the hottest methods outside the JDK counted
 * whenever they are anywhere on the stack.
 */
final class JfrProfile {

    private static final String NAME = "pipeline-bench";
    private static final int TOP = 15;

    private final Map<String, Long> pids;
    private final Map<String, Path> recordings = new LinkedHashMap<>();
    private final Path logsDir;

    private JfrProfile(Map<String, Long> pids, Path logsDir) {
        this.pids = Map.copyOf(pids);
        this.logsDir = logsDir;
    }

    /** Starts recording (JFR's {@code profile} settings) in every given process. */
    static JfrProfile start(Map<String, Long> pids, Path directory, String prefix, Path logsDir) {
        JfrProfile profile = new JfrProfile(pids, logsDir);
        pids.forEach((service, pid) -> {
            Path file = directory.resolve(prefix + "-" + service + ".jfr").toAbsolutePath();
            profile.jcmd(service, pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file);
            profile.recordings.put(service, file);
        });
        return profile;
    }

    /** Stops every recording, which writes it; returns the recordings by service. */
    Map<String, Path> stop() {
        recordings.forEach((service, file) -> jcmd(service, pids.get(service), "JFR.stop", "name=" + NAME));
        return Map.copyOf(recordings);
    }

    private void jcmd(String service, long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(ChildProcess.javaExecutable()).resolveSibling("jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        ChildProcess tool = ChildProcess.start("jcmd-" + service, line, logsDir.resolve("jcmd-" + service + ".log"));
        if (tool.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw tool.failure("failed: " + String.join(" ", command));
        }
    }

    /**
     * What a sample's time is charged to: the first frame from the leaf down that is not the JDK's
     * own, by the library it belongs to; a stack of JDK frames only, by the JDK subsystem in it.
     */
    private static final List<String[]> CATEGORIES = List.of(
            new String[] {"dev.pipeline.", "pipeline code (dev.pipeline)"},
            new String[] {"tools.jackson.", "JSON (Jackson)"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"org.apache.kafka.clients.producer.", "Kafka producer client"},
            new String[] {"org.apache.kafka.", "Kafka client (consumer, network, common)"},
            new String[] {"net.jpountz.", "lz4 compression"},
            new String[] {"org.rocksdb.", "RocksDB (JNI)"},
            new String[] {"io.micrometer.", "Micrometer (metrics, observations)"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"io.github.resilience4j.", "resilience4j"},
            new String[] {"org.springframework.kafka.", "Spring Kafka listener container"},
            new String[] {"org.springframework.", "Spring (web, core)"},
            new String[] {"org.apache.catalina.", "Tomcat"},
            new String[] {"org.apache.tomcat.", "Tomcat"},
            new String[] {"org.apache.coyote.", "Tomcat"},
            new String[] {"jdk.internal.net.http.", "JDK HTTP client"},
            new String[] {"sun.nio.", "JDK NIO"},
            new String[] {"java.util.zip.", "JDK zip/CRC"});

    /** Where the CPU samples of one recording fell, as lines of text. */
    static List<String> summarise(Path recording) {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> categories = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStackTrace() == null
                        || event.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                self.merge(name(frames.getFirst().getMethod()), 1, Integer::sum);
                categories.merge(
                        category(frames.stream()
                                .map(frame -> frame.getMethod() == null
                                        ? "?"
                                        : frame.getMethod().getType().getName())
                                .toList()),
                        1,
                        Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame.getMethod());
                    if (method.startsWith("dev.pipeline.") && !method.contains("$$Lambda") && seen.add(method)) {
                        ours.merge(method, 1, Integer::sum);
                    }
                }
            }
        } catch (IOException ex) {
            throw new PipelineFailure("cannot read the recording " + recording + ": " + ex.getMessage(), ex);
        }
        List<String> lines = new ArrayList<>();
        lines.add(samples + " CPU samples (jdk.ExecutionSample)");
        lines.add("CPU by library (first non-JDK frame from the leaf):");
        lines.addAll(top(categories, samples));
        lines.add("hottest methods, own time:");
        lines.addAll(top(self, samples));
        lines.add("pipeline methods, anywhere on the stack (inclusive):");
        lines.addAll(top(ours, samples));
        return lines;
    }

    /** {@code classes}: the declaring classes of a stack's frames, leaf first. */
    static String category(List<String> classes) {
        for (String type : classes) {
            if (!isJdk(type)) {
                return categoryOf(type, "other: " + packageOf(type));
            }
        }
        for (String[] category : CATEGORIES) { // JDK frames only: the most specific subsystem on the stack
            if (classes.stream().anyMatch(type -> type.startsWith(category[0]))) {
                return category[1];
            }
        }
        return "JDK, other";
    }

    private static String categoryOf(String type, String fallback) {
        for (String[] category : CATEGORIES) {
            if (type.startsWith(category[0])) {
                return category[1];
            }
        }
        return fallback;
    }

    private static List<String> top(Map<String, Integer> counts, int samples) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry ->
                        "  %5.1f %%  %s".formatted(100.0 * entry.getValue() / Math.max(1, samples), entry.getKey()))
                .collect(Collectors.toList());
    }

    private static String name(RecordedMethod method) {
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    /** The first three parts of a class's package, e.g. {@code org.apache.kafka}. */
    private static String packageOf(String type) {
        String[] parts = type.split("\\.");
        int keep = Math.min(3, Math.max(1, parts.length - 1));
        return String.join(".", java.util.Arrays.copyOf(parts, keep));
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.")
                || method.startsWith("jdk.")
                || method.startsWith("sun.")
                || method.startsWith("javax.");
    }

    static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException ex) {
            return false;
        }
    }
}
