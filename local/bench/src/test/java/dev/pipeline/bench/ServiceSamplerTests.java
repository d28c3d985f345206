package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler's requests to the processor: few while the run is far from its end, every interval near it. */
class ServiceSamplerTests {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final AtomicLong consumed = new AtomicLong(500); // a warm-up's records, already counted
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer processor;

    @BeforeEach
    void processor() throws Exception {
        processor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        processor.createContext("/actuator/prometheus", exchange -> {
            requests.incrementAndGet();
            byte[] body =
                    ("pipeline_products_consumed_total " + consumed.get() + ".0\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        processor.start();
    }

    @AfterEach
    void stop() {
        processor.stop(0);
    }

    @Test
    void readsTheCounterEveryIntervalOnlyNearTheEndOfARunOfKnownSize() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + processor.getAddress().getPort() + "/");
        long runStarted;
        long lastRecord;
        ServiceSampler sampler;
        int ticks;
        try (ServiceSampler s = ServiceSampler.start(INTERVAL, Map.of(Service.PROCESSOR, url), Map.of(), 3_000)) {
            sampler = s;
            runStarted = System.nanoTime();
            // 3,000 records over about 3 s, 10 every 10 ms; then nothing more
            for (int i = 0; i < 300; i++) {
                consumed.addAndGet(10);
                Thread.sleep(10);
            }
            lastRecord = System.nanoTime();
            Thread.sleep(INTERVAL.toMillis() * 5);
            ticks = (int) ((System.nanoTime() - runStarted) / INTERVAL.toNanos());
        }
        int duringRun = sampler.scrapes();
        // every interval for the whole run would be about `ticks` requests; far from the end only the
        // heap ticks (1 in 5) ask, near it (15 intervals = 300 ms, plus the counter's pauses) every one does
        assertThat(duringRun).isLessThan(ticks * 2 / 3);
        long[] window = sampler.lastConsumedWindow().orElseThrow();
        assertThat(window[1]).isGreaterThanOrEqualTo(lastRecord - INTERVAL.toNanos() * 5);
        assertThat(window[1] - window[0]).isLessThanOrEqualTo(INTERVAL.toNanos() * 5);
    }

    @Test
    void readsTheCounterEveryIntervalWhenTheRunsSizeIsNotKnown() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + processor.getAddress().getPort() + "/");
        ServiceSampler sampler;
        try (ServiceSampler s = ServiceSampler.start(INTERVAL, Map.of(Service.PROCESSOR, url), Map.of(), 0)) {
            sampler = s;
            for (int i = 0; i < 50; i++) {
                consumed.addAndGet(10);
                Thread.sleep(10);
            }
        }
        // 500 ms at 20 ms: about 25 ticks, every one asks
        assertThat(sampler.scrapes()).isGreaterThan(15);
    }
}
