/**
 * The local run's Kafka broker launcher: {@link dev.pipeline.broker.FormatThenRun} formats a fresh
 * single-node KRaft storage directory with Kafka's own storage tool and then runs {@code kafka.Kafka}
 * on it, in one JVM. The CLI's {@code LocalKafkaBroker} starts it from this module's jar and the
 * Kafka server jars its {@code target/classpath.txt} lists.
 */
package dev.pipeline.broker;
