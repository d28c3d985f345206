package dev.pipeline.bench;

import dev.pipeline.cli.stack.ChildProcess;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka's own limit on this broker: {@code ProducerPerformance} and {@code ConsumerPerformance}
 * from {@code kafka-tools} (on local/kafka-broker's classpath), each in its own JVM, against a
 * {@code cleanup.policy=delete} topic with the pipeline's partition count.
 */
final class KafkaPerf {

    static final String TOPIC = "bench.baseline";

    /** Between a record's key and value in the console consumer's output: unlike anything in JSON. */
    private static final String KEY_SEPARATOR = "\u0001<key|value>\u0001";

    /**
     * The final line: {@code 1000000 records sent, 190000.1 records/sec (81.54 MB/sec), 150.2 ms avg
     * latency, 400.0 ms max latency, 140 ms 50th, ...}; the periodic lines lack the percentiles.
     */
    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency.*50th");

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    private final String classpath;
    private final String bootstrapServers;
    private final Path logsDir;

    KafkaPerf(String classpath, String bootstrapServers, Path logsDir) {
        this.classpath = classpath;
        this.bootstrapServers = bootstrapServers;
        this.logsDir = logsDir;
    }

    /** What the producer tool measured. */
    record Produced(
            long records,
            double recordsPerSecond,
            double megabytesPerSecond,
            double averageLatencyMs,
            double maxLatencyMs) {}

    /**
     * What the consumer tool measured. {@code recordsPerSecond} is over its whole time, joining the
     * group included; {@code fetchRecordsPerSecond} leaves the group join (rebalance) out.
     */
    record Consumed(
            long records,
            double recordsPerSecond,
            double fetchRecordsPerSecond,
            double megabytesPerSecond,
            long rebalanceMs,
            long fetchMs) {}

    /** The classpath local/kafka-broker resolved: the broker's jars and kafka-tools. */
    static String classpath(PipelineHome home) {
        try {
            return Files.readString(home.brokerClasspath()).strip();
        } catch (IOException ex) {
            throw new PipelineFailure(
                    "cannot read Kafka's classpath from " + home.brokerClasspath()
                            + ": build local/kafka-broker first (./pipeline build)",
                    ex);
        }
    }

    void createTopic(int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(
                            new NewTopic(TOPIC, partitions, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new PipelineFailure(
                        "cannot create the topic " + TOPIC + ": "
                                + ex.getCause().getMessage(),
                        ex);
            }
        } catch (TimeoutException ex) {
            throw new PipelineFailure("cannot create the topic " + TOPIC + ": no answer in 30 s", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while creating " + TOPIC, ex);
        }
    }

    Produced produce(long records, int recordSize) {
        String output = run(
                "kafka-producer-perf",
                List.of(
                        "org.apache.kafka.tools.ProducerPerformance",
                        "--topic",
                        TOPIC,
                        "--num-records",
                        Long.toString(records),
                        "--record-size",
                        Integer.toString(recordSize),
                        "--throughput",
                        "-1",
                        "--producer-props",
                        "bootstrap.servers=" + bootstrapServers,
                        "acks=all"));
        return parseProduced(output);
    }

    Consumed consume(long records) {
        String output = run(
                "kafka-consumer-perf",
                List.of(
                        "org.apache.kafka.tools.ConsumerPerformance",
                        "--bootstrap-server",
                        bootstrapServers,
                        "--topic",
                        TOPIC,
                        "--num-records",
                        Long.toString(records),
                        "--timeout",
                        "60000"));
        return parseConsumed(output);
    }

    /**
     * The mean serialised size (key plus value bytes, uncompressed) of the records among the first
     * {@code sample} of {@code topic} whose key starts with {@code keyPrefix}, read by Kafka's console consumer in its own JVM (reading in this
     * one would make lz4 print JDK warnings about sun.misc.Unsafe into the CLI's output).
     */
    double averageRecordBytes(String topic, long sample, String keyPrefix) {
        String output = run(
                "kafka-console-consumer",
                List.of(
                        "org.apache.kafka.tools.consumer.ConsoleConsumer",
                        "--bootstrap-server",
                        bootstrapServers,
                        "--topic",
                        topic,
                        "--from-beginning",
                        "--max-messages",
                        Long.toString(sample),
                        "--timeout-ms",
                        "30000",
                        "--property",
                        "print.key=true",
                        "--property",
                        "key.separator=" + KEY_SEPARATOR),
                true);
        return parseAverageRecordBytes(output, keyPrefix);
    }

    /**
     * Lines holding the separator are records (the others are the tool's own messages); of those,
     * the ones whose key starts with {@code keyPrefix}.
     */
    static double parseAverageRecordBytes(String output, String keyPrefix) {
        long records = 0;
        long bytes = 0;
        for (String line : output.split("\n")) {
            int separator = line.indexOf(KEY_SEPARATOR);
            if (separator >= 0 && line.startsWith(keyPrefix)) {
                records++;
                bytes += line.length() - KEY_SEPARATOR.length();
            }
        }
        if (records == 0) {
            throw new PipelineFailure("the console consumer read no records:\n" + tail(output));
        }
        return (double) bytes / records;
    }

    static Produced parseProduced(String output) {
        Matcher total = null;
        for (String line : output.split("\n")) {
            Matcher matcher = PRODUCER_TOTAL.matcher(line);
            if (matcher.find()) {
                total = matcher;
            }
        }
        if (total == null) {
            throw new PipelineFailure("ProducerPerformance printed no total line:\n" + tail(output));
        }
        return new Produced(
                Long.parseLong(total.group(1)),
                Double.parseDouble(total.group(2)),
                Double.parseDouble(total.group(3)),
                Double.parseDouble(total.group(4)),
                Double.parseDouble(total.group(5)));
    }

    /**
     * The header line ({@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,
     * nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}) and the values after it.
     */
    static Consumed parseConsumed(String output) {
        List<String> lines = output.lines().map(String::strip).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("start.time")) {
                List<String> header = List.of(lines.get(i).split("\\s*,\\s*"));
                List<String> values = List.of(lines.get(i + 1).split("\\s*,\\s*"));
                if (values.size() < header.size()) {
                    break;
                }
                return new Consumed(
                        Math.round(number(header, values, "data.consumed.in.nMsg")),
                        number(header, values, "nMsg.sec"),
                        number(header, values, "fetch.nMsg.sec"),
                        number(header, values, "MB.sec"),
                        Math.round(number(header, values, "rebalance.time.ms")),
                        Math.round(number(header, values, "fetch.time.ms")));
            }
        }
        throw new PipelineFailure("ConsumerPerformance printed no results:\n" + tail(output));
    }

    private static double number(List<String> header, List<String> values, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new PipelineFailure("ConsumerPerformance printed no column " + column + " (columns: " + header + ")");
        }
        return Double.parseDouble(values.get(index));
    }

    private String run(String name, List<String> main) {
        return run(name, main, false);
    }

    /** Runs a tool to its end; its output as text, or with {@code bytes} one char per byte, to count bytes. */
    private String run(String name, List<String> main, boolean bytes) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(),
                "-Xmx512m",
                "-Djava.awt.headless=true",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classpath));
        command.addAll(main);
        Path log = logsDir.resolve(name + ".log");
        ChildProcess tool = ChildProcess.start(name, command, log);
        int exit = tool.awaitExit(TOOL_TIMEOUT);
        String output = read(log, bytes);
        if (exit != 0) {
            throw tool.failure("exited with code " + exit);
        }
        return output;
    }

    private static String read(Path log, boolean bytes) {
        try {
            return bytes ? Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1) : Files.readString(log);
        } catch (IOException ex) {
            throw new PipelineFailure("cannot read " + log + ": " + ex.getMessage(), ex);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }
}
