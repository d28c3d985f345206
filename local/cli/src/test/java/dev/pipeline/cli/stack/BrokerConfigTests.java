package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTests {

    @TempDir
    Path runtime;

    @Test
    void configuresASingleNodeKraftBrokerOnLoopbackWithOneReplicaPerInternalTopic() throws IOException {
        BrokerConfig config = new BrokerConfig(19092, 19093, Path.of("/tmp/kafka-x"));
        Properties properties = new Properties();
        properties.load(new StringReader(config.serverProperties()));

        assertThat(properties)
                .containsOnly(
                        entry("process.roles", "broker,controller"),
                        entry("node.id", "1"),
                        entry("controller.quorum.bootstrap.servers", "127.0.0.1:19093"),
                        entry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"),
                        entry("controller.listener.names", "CONTROLLER"),
                        entry("inter.broker.listener.name", "PLAINTEXT"),
                        entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                        entry("log.dirs", "/tmp/kafka-x/data"),
                        entry("offsets.topic.replication.factor", "1"),
                        entry("transaction.state.log.replication.factor", "1"),
                        entry("transaction.state.log.min.isr", "1"),
                        entry("share.coordinator.state.topic.replication.factor", "1"),
                        entry("share.coordinator.state.topic.min.isr", "1"),
                        entry("num.partitions", "3"),
                        entry("group.initial.rebalance.delay.ms", "0"),
                        entry("auto.create.topics.enable", "false"));
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void aShortRunsBrokerHasOnePartitionForTheGroupAndTransactionLogs() throws IOException {
        BrokerConfig config = BrokerConfig.create(runtime, 1, 2, BrokerConfig.SMALL_INTERNAL_LOGS);
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(config.serverPropertiesFile())));

        assertThat(properties)
                .contains(
                        entry("offsets.topic.num.partitions", "1"),
                        entry("transaction.state.log.num.partitions", "1"),
                        entry("node.id", "1"));
        assertThat(Files.readString(BrokerConfig.create(runtime, 3, 4).serverPropertiesFile()))
                .doesNotContain("num.partitions=1");
    }

    @Test
    void keepsTheBrokerLogToWarningsAndErrors() throws IOException {
        Properties log4j = new Properties();
        log4j.load(new StringReader(new BrokerConfig(1, 2, runtime).log4jConfig()));

        assertThat(log4j).contains(entry("rootLogger.level", "warn"), entry("appender.out.type", "Console"));
    }

    @Test
    void writesBothFilesToAFreshDirectoryAndDeletesItAgain() {
        BrokerConfig first = BrokerConfig.create(runtime, 1, 2);
        BrokerConfig second = BrokerConfig.create(runtime, 3, 4);

        assertThat(first.dir()).isNotEqualTo(second.dir()).hasParent(runtime);
        assertThat(first.dir().getFileName().toString()).startsWith("kafka-");
        assertThat(first.serverPropertiesFile()).content().contains("listeners=PLAINTEXT://127.0.0.1:1,");
        assertThat(first.log4jFile()).isRegularFile();

        first.delete();
        first.delete();
        assertThat(first.dir()).doesNotExist();
        assertThat(Files.exists(second.dir())).isTrue();
    }
}
