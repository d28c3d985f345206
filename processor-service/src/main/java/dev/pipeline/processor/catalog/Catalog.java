package dev.pipeline.processor.catalog;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunIds;
import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The latest record of every products key, kept by this instance for itself (every instance has
 * the whole catalogue, so any of them answers): its {@link CatalogStore} and the {@link
 * CatalogReader} that fills it, started and stopped with the service.
 */
@Component
public class Catalog implements SmartLifecycle {

    private final CatalogProperties properties;
    private final CatalogStore store;
    private final CatalogReader reader;
    private final Counter recordsRead;
    /** A page is read under the read lock: the store is closed under the write lock, never under a reader. */
    private final ReadWriteLock closing = new ReentrantReadWriteLock();

    private volatile boolean open;
    private Thread thread;

    Catalog(
            CatalogProperties properties,
            ProcessorProperties processor,
            KafkaProperties kafka,
            RunLedger ledger,
            MeterRegistry meters) {
        this.properties = properties;
        this.recordsRead = Counter.builder("pipeline.catalog.records")
                .description("product records read into this instance's catalogue")
                .register(meters);
        // Opened after the ledger has wiped the work directory, which spares the catalogue's.
        this.store = properties.enabled() ? CatalogStore.open(processor.catalogDir()) : null;
        this.reader = properties.enabled()
                ? new CatalogReader(
                        consumerProperties(kafka),
                        store,
                        () -> !ledger.openRuns().isEmpty(),
                        properties.busyInterval(),
                        recordsRead)
                : null;
        this.open = store != null;
    }

    private static Map<String, Object> consumerProperties(KafkaProperties kafka) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Aborted tasks' records never belonged to any run: never in the catalogue either.
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-catalog");
        return Map.copyOf(consumer);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Waits, at most {@code report-wait}, for the catalogue to hold every record below
     * {@code startOffsets} (a run's start: everything before the run), reading at full speed.
     *
     * @return whether it does
     */
    public boolean catchUpTo(Map<Integer, Long> startOffsets) {
        return reader.catchUpTo(startOffsets, properties.reportWait());
    }

    /** How long {@link #catchUpTo} waits at most. */
    public java.time.Duration reportWait() {
        return properties.reportWait();
    }

    /**
     * {@code use} with a cursor over the items' versions, from one snapshot; the store is not
     * closed under it (a stop waits for it).
     */
    public <T> T withVersions(java.util.function.Function<VersionCursor, T> use) {
        closing.readLock().lock();
        try {
            if (!open) {
                throw new IllegalStateException("the catalogue is closed: the service is stopping");
            }
            try (VersionCursor cursor = store.versions()) {
                return use.apply(cursor);
            }
        } finally {
            closing.readLock().unlock();
        }
    }

    /** How many records this instance has read into its catalogue since it started. */
    long recordsRead() {
        return (long) recordsRead.count();
    }

    /**
     * A page after {@code after} (from the first when {@code null}) of the items whose source is
     * {@code source} (every source when {@code null}), once the catalogue has caught up with what
     * was committed when the request came, or {@code request-wait} has passed.
     */
    CatalogPage page(String source, byte[] after, int limit) {
        boolean upToDate = reader.catchUp(properties.requestWait());
        byte[] prefix = source == null ? new byte[0] : (source + ':').getBytes(StandardCharsets.UTF_8);
        CatalogStore.Slice slice;
        closing.readLock().lock();
        try {
            if (!open) {
                throw new IllegalStateException("the catalogue is closed: the service is stopping");
            }
            slice = store.slice(prefix, after, limit);
        } finally {
            closing.readLock().unlock();
        }
        List<CatalogPage.Item> items = new ArrayList<>(slice.entries().size());
        for (CatalogStore.Entry entry : slice.entries()) {
            CatalogPage.Item item = item(entry);
            if (item != null) {
                items.add(item);
            }
        }
        String next = slice.more() && !slice.entries().isEmpty()
                ? Cursor.of(slice.entries().getLast().key())
                : null;
        return new CatalogPage(
                items,
                next,
                upToDate,
                new TreeMap<>(slice.asOf()),
                slice.entries().size() - items.size());
    }

    /**
     * The item a stored record says, or {@code null} when it cannot be read: not JSON, not a product
     * record of the version this processor knows, a run id that is not one, or a key that is not its
     * source and id (the listeners dead-letter the first three; the key is what the topic compacts by).
     */
    static CatalogPage.Item item(CatalogStore.Entry entry) {
        String key = new String(entry.key(), StandardCharsets.UTF_8);
        ProductRecord product;
        try {
            product = PipelineJson.mapper().readValue(entry.value(), ProductRecord.class);
        } catch (RuntimeException unreadable) { // JacksonException, and the record's own checks
            return null;
        }
        if (product == null
                || product.version() != ProductRecord.CURRENT_VERSION
                || product.title() == null
                || !RunIds.isValid(product.runId())
                || !key.equals(product.key())) {
            return null;
        }
        return new CatalogPage.Item(
                key,
                product.source(),
                product.externalId(),
                product.title(),
                product.price(),
                product.category(),
                product.attributes(),
                product.endpoint(),
                product.runId(),
                product.fetchedAt());
    }

    @Override
    public void start() {
        if (reader != null && thread == null) {
            thread = Thread.ofPlatform().name("catalog-reader").daemon().start(reader::run);
        }
    }

    @Override
    public void stop() {
        if (thread != null) {
            reader.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                return; // still writing: the store is left to the process's end rather than closed under it
            }
            thread = null;
        }
        closing.writeLock().lock();
        try {
            if (open) {
                open = false;
                store.close();
            }
        } finally {
            closing.writeLock().unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
