package dev.pipeline.processor.catalog;

import dev.pipeline.processor.ProcessorProperties;
import dev.pipeline.processor.run.RunLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * For timing harnesses of other packages: a catalogue over a store the harness fills itself, with
 * no reader (and so no broker): it holds every record before any run, as written.
 */
public final class HarnessCatalogs {

    private HarnessCatalogs() {}

    /** A catalogue in {@code directory}; {@link Filled#write} puts records into it. */
    public static Filled open(Path directory, ProcessorProperties processor, RunLedger ledger) {
        return new Filled(CatalogStore.open(directory), processor, ledger);
    }

    /** The catalogue, caught up by construction: its store is written by the harness, not read from a topic. */
    public static final class Filled extends Catalog implements AutoCloseable {

        private final CatalogStore filled;

        private Filled(CatalogStore filled, ProcessorProperties processor, RunLedger ledger) {
            super(
                    new CatalogProperties(false, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO),
                    processor,
                    new KafkaProperties(),
                    ledger,
                    new SimpleMeterRegistry());
            this.filled = filled;
        }

        public void write(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<Integer, Long> next) {
            filled.write(records, next);
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean catchUpTo(Map<Integer, Long> startOffsets) {
            return true;
        }

        @Override
        public <T> T withVersions(Function<VersionCursor, T> use) {
            try (VersionCursor cursor = filled.versions()) {
                return use.apply(cursor);
            }
        }

        @Override
        public void close() {
            filled.close();
        }
    }
}
