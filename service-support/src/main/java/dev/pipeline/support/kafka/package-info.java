/**
 * Kafka: how both services write a dead letter's value ({@link dev.pipeline.support.kafka.BytesOrJsonSerializer}),
 * used explicitly where a service builds its dead-letter producer, not auto-configured.
 */
package dev.pipeline.support.kafka;
