package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a single-node KRaft broker needs: its server.properties and a log4j2 configuration.
 * Both listeners are on loopback; every internal topic has one replica, as there is one node.
 */
record BrokerConfig(int port, int controllerPort, Path dir) {

    /**
     * For a short run ({@link StackSettings#shortRun}): one partition each for the group and
     * transaction logs, not 50. The broker creates each on first use (the services' first consumer
     * group, the fetcher's first transaction, while the run waits), and on one node more
     * partitions only cost that creation; a long run keeps Kafka's default, as a benchmark of
     * many transactions was not measured to lose nothing with one.
     */
    static final List<String> SMALL_INTERNAL_LOGS =
            List.of("offsets.topic.num.partitions=1", "transaction.state.log.num.partitions=1");

    /** A fresh directory per broker ({@code kafka-<random>}), so no run sees another run's data. */
    static BrokerConfig create(Path runtimeDir, int port, int controllerPort) {
        return create(runtimeDir, port, controllerPort, List.of());
    }

    /** As {@link #create(Path, int, int)}, with {@code extraProperties} ({@code key=value}) added to server.properties. */
    static BrokerConfig create(Path runtimeDir, int port, int controllerPort, List<String> extraProperties) {
        BrokerConfig config = new BrokerConfig(port, controllerPort, ScratchDirectory.create(runtimeDir, "kafka-"));
        try {
            Files.writeString(
                    config.serverPropertiesFile(),
                    config.serverProperties()
                            + String.join(
                                    "",
                                    extraProperties.stream().map(p -> p + "\n").toList()));
            Files.writeString(config.log4jFile(), config.log4jConfig());
            return config;
        } catch (IOException ex) {
            config.delete();
            throw new UncheckedIOException("cannot write the broker's configuration to " + config.dir(), ex);
        }
    }

    void delete() {
        ScratchDirectory.delete(dir);
    }

    Path serverPropertiesFile() {
        return dir.resolve("server.properties");
    }

    Path log4jFile() {
        return dir.resolve("log4j2.properties");
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    String serverProperties() {
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + listeners,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                // forward slashes: backslashes are escapes in a properties file
                "log.dirs=" + dataDir().toAbsolutePath().toString().replace('\\', '/'),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                // the services declare their topics; a typo must not silently create a new one
                "auto.create.topics.enable=false",
                "");
    }

    /** Warnings and errors only, to stdout, which the CLI sends to the broker's log file. */
    String log4jConfig() {
        return String.join(
                "\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.out.ref = out",
                "");
    }
}
