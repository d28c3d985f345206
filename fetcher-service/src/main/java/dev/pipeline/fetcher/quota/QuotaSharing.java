package dev.pipeline.fetcher.quota;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Shares the quotas the APIs announce between fetcher instances, through
 * {@code pipeline.source-quota}: an API counts every instance's requests, and an instance that has
 * not asked a source lately (or has just started) would otherwise spend what its peers already
 * have. Two threads: one publishes this instance's latest observation of each source, at most once
 * per {@code pipeline.quota.publish-interval} and only when it is new; the other reads the topic
 * (its one partition, no group, from the beginning: compacted, and stale observations are dropped)
 * and hands peers' observations to {@link SourceQuotas}.
 *
 * <p>Its own producer, neither transactional nor the tasks': an observation is advice, not part of
 * a task's output, and a broker that cannot be reached must hold up neither a task nor a page. When
 * Kafka is unreachable both threads retry quietly, and pacing goes by this instance's own
 * observations only.
 */
@Component
class QuotaSharing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuotaSharing.class);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.SOURCE_QUOTA, 0);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final SourceQuotas quotas;
    private final QuotaProperties properties;
    private final Map<String, Object> producerProperties;
    private final Map<String, Object> consumerProperties;
    private final String instance = UUID.randomUUID().toString();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Quota> published = new HashMap<>();
    private final Map<String, Long> publishedAtNanos = new HashMap<>();
    private volatile boolean running;
    private Thread publisher;
    private Thread reader;
    private volatile KafkaConsumer<String, byte[]> consumer;

    QuotaSharing(SourceQuotas quotas, QuotaProperties properties, KafkaProperties kafka) {
        this.quotas = quotas;
        this.properties = properties;
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A broker out of reach costs the publisher thread a few seconds a try, never more.
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "source-quota-" + instance);
        this.producerProperties = Map.copyOf(producer);
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "source-quota-reader-" + instance);
        this.consumerProperties = Map.copyOf(consumer);
    }

    @Override
    public synchronized void start() {
        if (running || !properties.share()) {
            return;
        }
        running = true;
        publisher = Thread.ofPlatform().daemon().name("source-quota-publisher").start(this::publishLoop);
        reader = Thread.ofPlatform().daemon().name("source-quota-reader").start(this::readLoop);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        // Not interrupted: a producer closed from an interrupted thread cannot join its I/O thread.
        // The publisher looks at running every tick.
        join(publisher);
        join(reader);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishLoop() {
        while (running) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
                while (running) {
                    publishDue(producer);
                    Thread.sleep(TICK);
                }
            } catch (InterruptedException | InterruptException e) {
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "{}: publishing failed, trying again in {}: {}",
                        Topics.SOURCE_QUOTA,
                        RETRY_AFTER,
                        e.toString());
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** Each source's latest own observation, when it is new and the source's interval has passed. */
    private void publishDue(KafkaProducer<String, byte[]> producer) {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        quotas.ownLatest().forEach((source, quota) -> {
            Long at = publishedAtNanos.get(source);
            if (quota.equals(published.get(source))
                    || quota.isStaleAt(now)
                    || (at != null && nanos - at < properties.publishInterval().toNanos())) {
                return;
            }
            byte[] value = PipelineJson.mapper().writeValueAsBytes(SharedQuota.of(source, instance, quota));
            producer.send(
                    new ProducerRecord<>(PARTITION.topic(), PARTITION.partition(), source, value),
                    (metadata, failure) -> {
                        if (failure != null) {
                            log.debug(
                                    "{}: an observation of {} was not published: {}",
                                    Topics.SOURCE_QUOTA,
                                    source,
                                    failure.toString());
                        }
                    });
            published.put(source, quota);
            publishedAtNanos.put(source, nanos);
        });
    }

    private void readLoop() {
        while (running) {
            try (KafkaConsumer<String, byte[]> reading = new KafkaConsumer<>(consumerProperties)) {
                consumer = reading;
                if (!running) {
                    return;
                }
                reading.assign(List.of(PARTITION));
                reading.seekToBeginning(List.of(PARTITION));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : reading.poll(Duration.ofSeconds(1))) {
                        read(record);
                    }
                }
            } catch (WakeupException | InterruptException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("{}: reading failed, trying again in {}: {}", Topics.SOURCE_QUOTA, RETRY_AFTER, e.toString());
                if (!pause()) {
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SharedQuota shared;
        try {
            shared = PipelineJson.mapper().readValue(record.value(), SharedQuota.class);
        } catch (RuntimeException e) {
            log.warn(
                    "{} record at offset {} is no quota observation, skipped: {}",
                    Topics.SOURCE_QUOTA,
                    record.offset(),
                    e.toString());
            return;
        }
        if (instance.equals(shared.instance())
                || !record.key().equals(shared.source())
                || !quotas.reads(shared.source())
                || shared.quota().isStaleAt(clock.instant())) {
            return;
        }
        quotas.observePeer(shared.source(), shared.quota());
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_AFTER);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
