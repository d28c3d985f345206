package dev.pipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Watches the services while a run goes on, on its own thread: every {@code interval} (200 ms by
 * default) the processor's count of records consumed, so the moment the last one was read is known
 * to within one interval, and the resident set of every process from {@code /proc}; every
 * {@value #HEAP_EVERY}th interval the heap in use and the live data after the last GC from each
 * Spring service's {@code /actuator/prometheus}. CPU time and GC pauses are read once at the start
 * and once at the end.
 *
 * <p>The sampling is part of what it measures: JFR showed the scrapes of every metric on both
 * services every 200 ms costing 8-13 % of each service's CPU (the request's filters included). So
 * the fetcher is asked only for its heap, 5 times less often, and the processor every interval
 * only for its one counter (the heap with it every {@value #HEAP_EVERY}th time). The old gen and
 * the live data after GC change slowly; the peak heap in use, a sawtooth between collections, is
 * sampled more coarsely than before. A second JFR (issue #16) still put the processor's counter
 * requests at 13 % of its samples at 1M (code too rarely run to be compiled): when the run's size
 * is known, the counter is read every interval only once the run is at most
 * {@value #FINE_BEFORE_END} intervals from its end at the rate seen so far, and with the heap before that.
 */
final class ServiceSampler implements AutoCloseable {

    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    /** Every figure, read once before and once after the run. */
    static final String SCRAPE = "actuator/prometheus?includedNames="
            + "jvm_memory_used_bytes,jvm_gc_live_data_size_bytes,jvm_gc_pause_seconds,jvm_gc_pause_seconds_max,"
            + "pipeline_products_consumed,pipeline_products_consumed_total,"
            + "pipeline_report_write_seconds,pipeline_report_write_seconds_max";

    /** The heap figures, every {@link #HEAP_EVERY}th interval. */
    static final String SCRAPE_HEAP = "actuator/prometheus?includedNames="
            + "jvm_memory_used_bytes,jvm_gc_live_data_size_bytes,"
            + "pipeline_products_consumed,pipeline_products_consumed_total";

    /** The processor's consumed counter alone, every interval. */
    static final String SCRAPE_CONSUMED =
            "actuator/prometheus?includedNames=pipeline_products_consumed,pipeline_products_consumed_total";

    /** Heap figures are read every this many intervals (every second at 200 ms). */
    static final int HEAP_EVERY = 5;

    /** How many intervals before the run's expected end the processor's counter is read every interval (3 s at 200 ms). */
    static final int FINE_BEFORE_END = 15;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final long intervalMs;
    private final Map<String, URI> actuators;
    private final Map<String, Long> pids;
    private final Map<String, Peaks> peaks = new LinkedHashMap<>();
    private final Map<String, PrometheusText> atStart = new LinkedHashMap<>();
    private final Map<String, Duration> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Duration> jitCpuAtStart = new LinkedHashMap<>();
    private final Thread thread;
    private final long expectedRecords;
    private volatile boolean running = true;

    // the processor's consumed counter: its last value, when it was first seen, and the sample before
    private double consumed = -1;
    private long consumedSeenNanos;
    private long sampleBeforeNanos;
    private long previousSampleNanos;
    private int ticks;
    // where the counter began, and the first sample of it during the run: the rate for nearEnd()
    private double consumedAtStart = -1;
    private double firstCount = -1;
    private long firstCountNanos;
    private int scrapes;
    private int failedScrapes;

    /** Per service: the largest heap in use, live data after GC and resident set seen. */
    private static final class Peaks {
        long heap = -1;
        long oldGen = -1;
        long liveData = -1;
        long rss = -1;
    }

    private ServiceSampler(
            Duration interval, Map<String, URI> actuators, Map<String, Long> pids, long expectedRecords) {
        this.intervalMs = Math.max(10, interval.toMillis());
        this.expectedRecords = expectedRecords;
        this.actuators = Map.copyOf(actuators);
        this.pids = Map.copyOf(pids);
        Service.ALL.forEach(service -> peaks.put(service, new Peaks()));
        this.thread = Thread.ofPlatform().daemon().name("bench-sampler").unstarted(this::loop);
    }

    /**
     * Reads the starting CPU times and GC counters, then samples until {@link #close()}.
     *
     * @param expectedRecords the records the run will have the processor consume, or 0 when not known
     *                        (then its counter is read every interval throughout)
     */
    static ServiceSampler start(
            Duration interval, Map<String, URI> actuators, Map<String, Long> pids, long expectedRecords) {
        ServiceSampler sampler = new ServiceSampler(interval, actuators, pids, expectedRecords);
        sampler.pids.forEach((service, pid) -> {
            sampler.cpuAtStart.put(service, cpu(pid).orElse(Duration.ZERO));
            ProcStatus.jitCpu(pid).ifPresent(jit -> sampler.jitCpuAtStart.put(service, jit));
        });
        sampler.actuators.forEach(
                (service, url) -> scrape(url, SCRAPE).ifPresent(text -> sampler.atStart.put(service, text)));
        PrometheusText processor = sampler.atStart.get(Service.PROCESSOR);
        if (processor != null) {
            sampler.consumedAtStart =
                    processor.sum("pipeline_products_consumed_total").orElse(-1);
        }
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        while (running) {
            long started = System.nanoTime();
            sampleOnce();
            long sleepMs = intervalMs - (System.nanoTime() - started) / 1_000_000;
            if (sleepMs > 0) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    private void sampleOnce() {
        long now = System.nanoTime();
        synchronized (this) {
            boolean heapTick = ticks++ % HEAP_EVERY == 0;
            for (Map.Entry<String, URI> actuator : actuators.entrySet()) {
                boolean processor = actuator.getKey().equals(Service.PROCESSOR);
                if (!heapTick && !(processor && nearEnd(now))) {
                    continue;
                }
                scrapes++;
                Optional<PrometheusText> text = scrape(actuator.getValue(), heapTick ? SCRAPE_HEAP : SCRAPE_CONSUMED);
                if (text.isEmpty()) {
                    failedScrapes++;
                    continue;
                }
                Peaks peak = peaks.get(actuator.getKey());
                text.get()
                        .sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area")))
                        .ifPresent(heap -> peak.heap = Math.max(peak.heap, (long) heap));
                text.get()
                        .sum(
                                "jvm_memory_used_bytes",
                                labels -> "heap".equals(labels.get("area"))
                                        && (labels.getOrDefault("id", "").contains("Old Gen")
                                                || labels.getOrDefault("id", "").contains("Tenured")))
                        .ifPresent(old -> peak.oldGen = Math.max(peak.oldGen, (long) old));
                text.get()
                        .sum("jvm_gc_live_data_size_bytes")
                        .ifPresent(live -> peak.liveData = Math.max(peak.liveData, (long) live));
                if (processor) {
                    text.get().sum("pipeline_products_consumed_total").ifPresent(count -> consumedSample(count, now));
                }
            }
            for (Map.Entry<String, Long> pid : pids.entrySet()) {
                ProcStatus.rssBytes(pid.getValue()).ifPresent(rss -> {
                    Peaks peak = peaks.get(pid.getKey());
                    peak.rss = Math.max(peak.rss, rss);
                });
            }
            previousSampleNanos = now;
        }
    }

    /**
     * Whether the run may end within {@value #FINE_BEFORE_END} intervals at the rate the processor's counter has
     * risen since its first sample; always when the run's size or the counter's start is not known.
     * Fewer records than expected (items that were not products) only delay it: the time since the
     * counter last moved counts as records that could have come.
     */
    private boolean nearEnd(long now) {
        if (expectedRecords <= 0 || consumedAtStart < 0) {
            return true;
        }
        if (firstCount < 0 || consumed <= firstCount) {
            return false; // no rate yet: read with the heap, once a second
        }
        double perNano = (consumed - firstCount) / (double) (consumedSeenNanos - firstCountNanos);
        double left = consumedAtStart + expectedRecords - consumed;
        return left <= perNano * (FINE_BEFORE_END * intervalMs * 1_000_000 + (now - consumedSeenNanos));
    }

    private void consumedSample(double count, long now) {
        if (firstCount < 0) {
            firstCount = count;
            firstCountNanos = now;
        }
        if (count != consumed) {
            consumed = count;
            consumedSeenNanos = now;
            sampleBeforeNanos = previousSampleNanos == 0 ? now : previousSampleNanos;
        }
    }

    /** Stops sampling; idempotent. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the processor's consumed count last changed: after {@code [0]} and no later than
     * {@code [1]} (System.nanoTime values); empty if it was never seen.
     */
    synchronized Optional<long[]> lastConsumedWindow() {
        return consumed < 0 ? Optional.empty() : Optional.of(new long[] {sampleBeforeNanos, consumedSeenNanos});
    }

    /** How many requests the sampling made to the services' actuators while the run went on. */
    synchronized int scrapes() {
        return scrapes;
    }

    synchronized String scrapeFailures() {
        return failedScrapes + " of " + scrapes;
    }

    /** Everything measured per service, once sampling has stopped. */
    synchronized Map<String, ServiceFigures> figures() {
        Map<String, ServiceFigures> figures = new LinkedHashMap<>();
        for (String service : Service.ALL) {
            Long pid = pids.get(service);
            Peaks peak = peaks.get(service);
            Long peakRss = pid == null ? null : boxed(ProcStatus.peakRssBytes(pid));
            if (peakRss == null && peak.rss >= 0) {
                peakRss = peak.rss;
            }
            Double cpuSeconds = pid == null
                    ? null
                    : cpu(pid).map(end -> (end.toNanos()
                                            - cpuAtStart
                                                    .getOrDefault(service, Duration.ZERO)
                                                    .toNanos())
                                    / 1e9)
                            .orElse(null);
            Double jitCpuSeconds = pid == null || !jitCpuAtStart.containsKey(service)
                    ? null
                    : ProcStatus.jitCpu(pid)
                            .map(end ->
                                    (end.toNanos() - jitCpuAtStart.get(service).toNanos()) / 1e9)
                            .orElse(null);
            Double gcSeconds = null;
            Long gcPauses = null;
            URI actuator = actuators.get(service);
            PrometheusText start = atStart.get(service);
            Optional<PrometheusText> end = actuator == null ? Optional.empty() : scrape(actuator, SCRAPE);
            if (end.isPresent() && start != null) {
                gcSeconds = gcPauseSeconds(start, end.get());
                gcPauses = gcPauses(start, end.get());
            }
            figures.put(
                    service,
                    new ServiceFigures(
                            service,
                            pid,
                            peak.heap < 0 ? null : peak.heap,
                            peak.oldGen < 0 ? null : peak.oldGen,
                            peak.liveData < 0 ? null : peak.liveData,
                            peakRss,
                            cpuSeconds,
                            jitCpuSeconds,
                            gcSeconds,
                            gcPauses));
        }
        return figures;
    }

    /** One scrape of every figure from a Spring service's prometheus endpoint, e.g. for the report-write timer at the end. */
    static Optional<PrometheusText> scrape(URI actuatorBase) {
        return scrape(actuatorBase, SCRAPE);
    }

    private static Optional<PrometheusText> scrape(URI actuatorBase, String query) {
        HttpRequest request = HttpRequest.newBuilder(actuatorBase.resolve(query))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(PrometheusText.parse(response.body())) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** GC pauses between two scrapes. Micrometer registers the pause timer at the first pause: none there means none yet. */
    static long gcPauses(PrometheusText start, PrometheusText end) {
        return Math.round(difference(start, end, "jvm_gc_pause_seconds_count").orElse(0));
    }

    /** Seconds paused for GC between two scrapes; 0 before the first pause (see {@link #gcPauses}). */
    static double gcPauseSeconds(PrometheusText start, PrometheusText end) {
        return difference(start, end, "jvm_gc_pause_seconds_sum").orElse(0);
    }

    private static OptionalDouble difference(PrometheusText start, PrometheusText end, String name) {
        OptionalDouble before = start.sum(name);
        OptionalDouble after = end.sum(name);
        if (after.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(after.getAsDouble() - before.orElse(0));
    }

    private static Optional<Duration> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
