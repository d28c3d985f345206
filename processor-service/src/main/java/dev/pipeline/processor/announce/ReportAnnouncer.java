package dev.pipeline.processor.announce;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportParser;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.run.RunAnnouncer;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * Announces runs done with here ({@link RunEvent.Reported} on {@code pipeline.runs}, keyed by run
 * id, so on the run's events partition after its {@code TaskDone}s): written with Boot's producer
 * settings, acknowledged by every in-sync replica, idempotent, outside any transaction, and awaited.
 * One that cannot be written is kept and sent again every {@link #RETRY_INTERVAL} until it is
 * (announcing twice is harmless: every reader takes the latest). Also the re-announcement of a run
 * found done in the store that nobody announced ({@link #reannounceIfUnannounced}).
 */
@Component
public class ReportAnnouncer implements RunAnnouncer, SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReportAnnouncer.class);

    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** How long a graceful shutdown tries, at most, to write the announcements still pending. */
    static final Duration SHUTDOWN_SEND = Duration.ofSeconds(10);

    private static final Duration SEND_WAIT = Duration.ofSeconds(15);

    private final KafkaProducer<String, byte[]> producer;
    private final String processor;
    private final String processorUrl;
    private final Duration sendWait;
    private final Announcements announcements;
    private final RunLedger ledger;
    private final ReportStore store;
    /** Announcements not written yet, by run id: the retrier's. */
    private final Map<String, RunEvent.Reported> pending = new ConcurrentHashMap<>();
    /** Runs announced by this instance (written, or pending). */
    private final Set<String> announcedHere = ConcurrentHashMap.newKeySet();
    /** Runs whose store was checked for a re-announcement: at most once each. */
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "announcement-retrier");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    ReportAnnouncer(
            KafkaProperties kafka,
            AnnounceProperties properties,
            Announcements announcements,
            RunLedger ledger,
            ReportStore store,
            MeterRegistry meters) {
        this(
                producerProperties(kafka),
                processorId(),
                properties.advertisedUrl() == null
                        ? null
                        : properties.advertisedUrl().toString(),
                SEND_WAIT,
                RETRY_INTERVAL,
                announcements,
                ledger,
                store,
                meters);
    }

    ReportAnnouncer(
            Map<String, Object> producerProperties,
            String processor,
            String processorUrl,
            Duration sendWait,
            Duration retryInterval,
            Announcements announcements,
            RunLedger ledger,
            ReportStore store,
            MeterRegistry meters) {
        this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
        this.processor = processor;
        this.processorUrl = processorUrl;
        this.sendWait = sendWait;
        this.announcements = announcements;
        this.ledger = ledger;
        this.store = store;
        Gauge.builder("pipeline.announcements.pending", pending, Map::size)
                .description("runs done with here whose announcement on pipeline.runs is not written yet")
                .register(meters);
        retrier.scheduleWithFixedDelay(
                this::retry, retryInterval.toMillis(), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (ledger != null) {
            // Under the ledger's lock, on a listener's thread: announced by the retrier's.
            ledger.onRefused(marker -> retrier.execute(() -> announceStored(marker)));
        }
        if (announcements != null) {
            announcements.onForgotten(runIds -> {
                announcedHere.removeAll(runIds);
                checked.removeAll(runIds);
            });
        }
    }

    static Map<String, Object> producerProperties(KafkaProperties kafka) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A broker away must not hold a consumer thread long: the retrier sends it later.
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-announcer");
        return producer;
    }

    /** The host (a pod's name in Kubernetes), the process and this start: tells instances apart in an announcement. */
    private static String processorId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
        }
        // and this start of it: two instances in one process (tests) are two instances.
        return host + "/" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    @Override
    public void announce(String runId, ReportState state, String location, String sha256, Long bytes) {
        RunEvent.Reported reported = new RunEvent.Reported(
                runId, state.name(), location, sha256, bytes, processor, processorUrl, Instant.now());
        announcedHere.add(runId);
        try {
            send(reported);
            log.debug("run {} announced {} at {}", runId, state, location);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            pending.put(runId, reported);
            log.warn(
                    "run {} is {}, and its announcement on {} could not be written (sent again every {} until it "
                            + "is): {}",
                    runId,
                    state,
                    Topics.RUNS,
                    RETRY_INTERVAL,
                    e.toString());
        }
    }

    private void send(RunEvent.Reported reported) throws Exception {
        byte[] json = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(reported);
        producer.send(new ProducerRecord<>(Topics.RUNS, reported.runId(), json))
                .get(sendWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On the retrier thread: every pending announcement, oldest run id first. */
    private void retry() {
        for (RunEvent.Reported reported : pending.values()) {
            try {
                send(reported);
                pending.remove(reported.runId(), reported);
                log.info("run {}: its announcement is written now", reported.runId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.debug("run {}: its announcement still cannot be written: {}", reported.runId(), e.toString());
            }
        }
    }

    /**
     * Announces what the store holds of a run, from the store: a report as COMPLETE or DEGRADED, a
     * marker as ABANDONED. Failures are logged (a run refused here is then still found by the
     * startup scan of the next start, {@link #announceUnannounced}).
     */
    private void announceStored(Stored object) {
        try {
            Stored stored = withChecksum(object);
            ReportState state =
                    stored.kind() == ReportStore.Kind.REPORT ? stateOf(stored.runId()) : ReportState.ABANDONED;
            announce(stored.runId(), state, stored.location(), stored.sha256(), stored.bytes());
        } catch (IOException | RuntimeException e) {
            log.warn("run {}: its stored {} could not be read to announce it: {}", object.runId(), object.kind(), e);
        }
    }

    /**
     * Once, after the startup catch-up (this lifecycle's phase is the next after the reader's): every
     * object of this instance's store no announcement was read of, newer than {@code pipeline.runs}
     * keeps announcements, is announced. An announcement that failed, or was pending when the
     * instance stopped, lives only in memory: the run's offsets are released all the same, so no
     * replay would ever announce it, and other hosts (with stores of their own) would hold the run
     * for twice abandon-after. A run with a report and a marker is announced by its report.
     */
    void announceUnannounced() {
        Instant oldest = Instant.now().minus(Topics.RUNS_RETENTION);
        Map<String, Stored> unannounced = new HashMap<>();
        try {
            for (Stored stored : store.list()) {
                String runId = stored.runId();
                if ((stored.lastModified() != null && stored.lastModified().isBefore(oldest))
                        || announcements.find(runId).isPresent()
                        || ledger.isAnnounced(runId)
                        || announcedHere.contains(runId)) {
                    continue;
                }
                unannounced.merge(runId, stored, (a, b) -> a.kind() == ReportStore.Kind.REPORT ? a : b);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("the store could not be listed to announce what was never announced: {}", e.toString());
            return;
        }
        if (!unannounced.isEmpty()) {
            log.warn(
                    "{} runs in the store were never announced (an instance stopped first): announcing them",
                    unannounced.size());
        }
        unannounced.values().forEach(this::announceStored);
    }

    private volatile boolean started;

    @Override
    public void start() {
        started = true;
        if (store != null && announcements != null && ledger != null) {
            retrier.execute(this::announceUnannounced);
        }
    }

    /**
     * After the listener containers stopped (a later phase stops first): the pending announcements are
     * tried once more, for at most {@link #SHUTDOWN_SEND}; those still not written are logged (the
     * next start's {@link #announceUnannounced} finds them in the store).
     */
    @Override
    public void stop() {
        started = false;
        long deadline = System.nanoTime() + SHUTDOWN_SEND.toNanos();
        for (RunEvent.Reported reported : pending.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                byte[] json = PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(reported);
                producer.send(new ProducerRecord<>(Topics.RUNS, reported.runId(), json))
                        .get(Math.min(left, sendWait.toNanos()), TimeUnit.NANOSECONDS);
                pending.remove(reported.runId(), reported);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                break; // the broker is away: the rest would wait as long
            }
        }
        if (!pending.isEmpty()) {
            log.warn(
                    "{} runs' announcements could not be written before the shutdown: {} (announced at the next start)",
                    pending.size(),
                    pending.keySet());
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Just after {@link Announcements}' (its startup catch-up is done), before the listener containers'. */
    @Override
    public int getPhase() {
        return Announcements.PHASE + 1;
    }

    /** Whether an announcement of the run waits to be written. */
    boolean isPending(String runId) {
        return pending.containsKey(runId);
    }

    @Override
    public boolean catchUp(TopicPartition eventsPartition) {
        return announcements.catchUp(eventsPartition);
    }

    @Override
    public void reannounceIfUnannounced(String runId, TopicPartition eventsPartition) {
        if (ledger.find(runId).isPresent()
                || ledger.isAnnounced(runId)
                || announcedHere.contains(runId)
                || ledger.failure(runId).isPresent()
                || !ledger.isReported(runId)
                || !checked.add(runId)) {
            return;
        }
        // Announced meanwhile by the instance that wrote it, and not read yet: nothing to do.
        announcements.catchUp(eventsPartition);
        if (ledger.isAnnounced(runId)) {
            return;
        }
        try {
            Optional<Stored> report = store.find(runId, ReportStore.Kind.REPORT);
            Optional<Stored> marker =
                    report.isPresent() ? Optional.empty() : store.find(runId, ReportStore.Kind.MARKER);
            if (report.isPresent()) {
                Stored stored = withChecksum(report.get());
                log.warn("run {} is reported but was never announced (its writer stopped first): announcing it", runId);
                announce(runId, stateOf(runId), stored.location(), stored.sha256(), stored.bytes());
            } else if (marker.isPresent()) {
                Stored stored = withChecksum(marker.get());
                log.warn("run {} is abandoned but was never announced: announcing it", runId);
                announce(runId, ReportState.ABANDONED, stored.location(), stored.sha256(), stored.bytes());
            }
        } catch (IOException | RuntimeException e) {
            checked.remove(runId); // tried again at the run's next event
            log.warn("run {}: its stored report could not be read to announce it: {}", runId, e.toString());
        }
    }

    @Override
    public Optional<RunEvent.Reported> announcedElsewhere(String runId) {
        return announcements.find(runId).filter(reported -> !processor.equals(reported.processor()));
    }

    @Override
    public boolean isThisInstance(String url) {
        return url != null
                && processorUrl != null
                && withoutTrailingSlash(url).equals(withoutTrailingSlash(processorUrl));
    }

    private static String withoutTrailingSlash(String url) {
        return url.replaceAll("/+$", "");
    }

    /**
     * The object with its SHA-256: a store that does not know it without reading (a listing, a file's
     * attributes) has it read back once, which only this rare repair does.
     */
    private Stored withChecksum(Stored stored) throws IOException {
        if (stored.sha256() != null) {
            return stored;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(store.open(stored.runId(), stored.kind()), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new Stored(
                stored.runId(),
                stored.kind(),
                stored.location(),
                stored.bytes(),
                stored.lastModified(),
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** COMPLETE, or DEGRADED when the report's {@code quality} section says a gate was missed. */
    private ReportState stateOf(String runId) throws IOException {
        try (InputStream report = store.open(runId, ReportStore.Kind.REPORT);
                JsonParser parser = PipelineJson.mapper().createParser(report)) {
            JsonNode quality = ReportParser.quality(parser);
            return quality != null && quality.path(ReportKeys.Quality.DEGRADED).asBoolean(false)
                    ? ReportState.DEGRADED
                    : ReportState.COMPLETE;
        } catch (RuntimeException e) {
            return ReportState.COMPLETE;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        retrier.shutdownNow();
        retrier.awaitTermination(10, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
    }
}
