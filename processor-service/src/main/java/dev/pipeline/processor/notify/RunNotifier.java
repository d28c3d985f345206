package dev.pipeline.processor.notify;

import dev.pipeline.processor.report.RunEnded;
import dev.pipeline.processor.store.Locations;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the failure webhook for each {@link RunEnded}: a POST of
 * {@code {"run_id", "state", "reasons", "report", "ended_at"}} with its signature
 * ({@link Signature#HEADER}) and {@code X-Pipeline-Delivery: <runId>} (the idempotency key: every
 * attempt for a run carries the same). The event's thread only hands the call to a thread of its
 * own, so a slow or dead receiver never delays a report; attempts time out after {@code timeout}, and
 * are retried with doubling waits while the receiver fails (5xx, 408, 429, no answer), at most
 * {@code max-attempts} in all. What is given up is logged and counted
 * ({@code pipeline_notifications_failed_total}), and never touches the report.
 *
 * <p>What it promises: a run's ending is announced by the one instance that wrote its report or
 * gave it up, once per ending (a run is reported once per cluster, and a replay skips reported
 * runs); within that, at least once while the receiver answers within the attempts (an attempt that
 * timed out may have arrived: deduplicate by {@code X-Pipeline-Delivery}). It is not durable: an
 * instance stopped or killed between the report and a successful attempt does not announce it again
 * after its restart (the report is there; {@code GET /api/runs/{id}} says DEGRADED or FAILED).
 */
@Component
class RunNotifier implements DisposableBean {

    static final String DELIVERY_HEADER = "X-Pipeline-Delivery";

    private static final Logger log = LoggerFactory.getLogger(RunNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NotifyProperties properties;
    private final HttpClient http;
    private final Retry retry;
    private final Counter delivered;
    private final Counter failed;
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

    RunNotifier(NotifyProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.retry = Retry.of(
                "notify",
                RetryConfig.<HttpResponse<Void>>custom()
                        .maxAttempts(properties.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                        .retryOnResult(response -> retryable(response.statusCode()))
                        .retryExceptions(IOException.class)
                        .failAfterMaxAttempts(true)
                        .build());
        this.delivered = Counter.builder("pipeline.notifications.delivered")
                .description("runs ending DEGRADED or FAILED announced to pipeline.notify.url")
                .register(meters);
        this.failed = Counter.builder("pipeline.notifications.failed")
                .description("announcements to pipeline.notify.url given up after their attempts")
                .register(meters);
    }

    @EventListener
    void runEnded(RunEnded ended) {
        if (!properties.enabled()) {
            return;
        }
        byte[] body = body(ended);
        try {
            // execute, not submit: nothing waits for it, and an Error must reach the thread's handler.
            deliveries.execute(() -> deliver(ended.runId(), body));
        } catch (RejectedExecutionException e) {
            giveUp(ended.runId(), "the processor is stopping");
        }
    }

    private void deliver(String runId, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(properties.url())
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header(Signature.HEADER, Signature.of(body, properties.secret()))
                .header(DELIVERY_HEADER, runId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = Retry.decorateCheckedSupplier(
                            retry, () -> http.send(request, HttpResponse.BodyHandlers.discarding()))
                    .get();
            if (response.statusCode() / 100 == 2) {
                delivered.increment();
                log.info("run {} announced to {}: {}", runId, properties.url(), response.statusCode());
            } else {
                giveUp(runId, "HTTP " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(runId, "interrupted (the processor is stopping)");
        } catch (Error e) {
            giveUp(runId, e.toString());
            throw e;
        } catch (Throwable e) {
            giveUp(runId, e.toString());
        }
    }

    private void giveUp(String runId, String why) {
        failed.increment();
        log.warn(
                "run {} could not be announced to {} after at most {} attempts: {}; its report is unaffected",
                runId,
                properties.url(),
                properties.maxAttempts(),
                why);
    }

    /** 5xx, 408 and 429 may pass on a later attempt; a 2xx is done and any other 4xx is a refusal. */
    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    static byte[] body(RunEnded ended) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", ended.runId());
        body.put("state", ended.state().name());
        body.put("reasons", ended.reasons());
        body.put(
                "report",
                ended.report() == null ? null : Locations.shown(ended.report().location()));
        body.put("ended_at", Instant.now().toString());
        return JSON.writeValueAsBytes(body);
    }

    @Override
    public void destroy() throws InterruptedException {
        deliveries.shutdown();
        // Attempts under way get a moment to finish; waits between attempts are cut short.
        if (!deliveries.awaitTermination(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            deliveries.shutdownNow();
        }
    }
}
