package dev.pipeline.cli.bench;

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

import dev.pipeline.cli.stack.ChildProcess;
import dev.pipeline.cli.stack.PipelineFailure;

/**
 * A JFR recording of running services, started and stopped with {@code jcmd} (the services are
 * this CLI's children, so their pids are known), and where their CPU samples fell: the hottest
 * methods by own time, the hottest packages, and the hottest methods outside the JDK counted
 * whenever they are anywhere on the stack.
 */
final class JfrProfile {

    private static final String NAME = "pipeline-bench";
    private static final int TOP = 12;

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
        List<String> line = new ArrayList<>(List.of(Path.of(ChildProcess.javaExecutable()).resolveSibling("jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        ChildProcess tool = ChildProcess.start("jcmd-" + service, line, logsDir.resolve("jcmd-" + service + ".log"));
        if (tool.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw tool.failure("failed: " + String.join(" ", command));
        }
    }

    /** Where the CPU samples of one recording fell, as lines of text. */
    static List<String> summarise(Path recording) {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                        || event.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                RecordedMethod top = frames.getFirst().getMethod();
                self.merge(name(top), 1, Integer::sum);
                packages.merge(packageOf(top), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame.getMethod());
                    if (!isJdk(method) && seen.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new PipelineFailure("cannot read the recording " + recording + ": " + ex.getMessage(), ex);
        }
        List<String> lines = new ArrayList<>();
        lines.add(samples + " CPU samples (jdk.ExecutionSample)");
        lines.add("hottest methods, own time:");
        lines.addAll(top(self, samples));
        lines.add("hottest packages, own time:");
        lines.addAll(top(packages, samples));
        lines.add("hottest non-JDK methods, anywhere on the stack:");
        lines.addAll(top(inclusive, samples));
        return lines;
    }

    private static List<String> top(Map<String, Integer> counts, int samples) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> "  %5.1f %%  %s".formatted(100.0 * entry.getValue() / Math.max(1, samples), entry.getKey()))
                .collect(Collectors.toList());
    }

    private static String name(RecordedMethod method) {
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    /** The first three parts of the declaring class's package, e.g. {@code org.apache.kafka}. */
    private static String packageOf(RecordedMethod method) {
        if (method == null) {
            return "?";
        }
        String[] parts = method.getType().getName().split("\\.");
        int keep = Math.min(3, Math.max(1, parts.length - 1));
        return String.join(".", java.util.Arrays.copyOf(parts, keep));
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.")
                || method.startsWith("javax.");
    }

    static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            return false;
        }
    }
}
