package dev.pipeline.processor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.report.RunEnded;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhook against a real local HTTP server: what it sends, how it signs, when it tries again, and when not. */
class RunNotifierTests {

    private static final String SECRET = "s3cret";

    private WebhookReceiver receiver;
    private SimpleMeterRegistry meters;
    private RunNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        meters = new SimpleMeterRegistry();
        notifier = new RunNotifier(
                new NotifyProperties(receiver.url(), SECRET, Duration.ofMillis(500), 3, Duration.ofMillis(50)), meters);
    }

    @AfterEach
    void stop() throws Exception {
        notifier.destroy();
        receiver.close();
    }

    @Test
    void postsTheRunsEndingAsJsonSignedWithTheSecretAndKeyedByRunId() throws Exception {
        notifier.runEnded(new RunEnded(
                "run-1",
                ReportState.DEGRADED,
                List.of("shop min_items: 2 products, at least 5 expected"),
                new Stored(
                        "run-1",
                        ReportStore.Kind.REPORT,
                        Path.of("out/run-1.json").toAbsolutePath().toUri().toString(),
                        2,
                        Instant.now(),
                        null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of("run-1").size() == 1);
        WebhookReceiver.Delivery delivery = receiver.of("run-1").getFirst();
        JsonNode body = JsonMapper.builder().build().readTree(delivery.body());
        assertThat(body.path("run_id").asString()).isEqualTo("run-1");
        assertThat(body.path("state").asString()).isEqualTo("DEGRADED");
        assertThat(body.path("reasons").get(0).asString()).isEqualTo("shop min_items: 2 products, at least 5 expected");
        assertThat(body.path("report").asString())
                .isEqualTo(Path.of("out/run-1.json").toAbsolutePath().toString());
        assertThat(body.path("ended_at").isString()).isTrue();
        assertThat(delivery.contentType()).isEqualTo("application/json");
        // Verified as a receiver would: HMAC-SHA256 of the body's exact bytes, hex, after "sha256=".
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(delivery.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery.body())));
        assertThat(Signature.of(delivery.body(), "other")).isNotEqualTo(delivery.signature());
        await().until(() -> meters.counter("pipeline.notifications.delivered").count() == 1);
    }

    @Test
    void aFailedRunIsAnnouncedWithoutAReport() {
        notifier.runEnded(new RunEnded("run-2", ReportState.FAILED, List.of("no report: disk on fire"), null));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of("run-2").size() == 1);
        JsonNode body = JsonMapper.builder()
                .build()
                .readTree(receiver.of("run-2").getFirst().body());
        assertThat(body.path("state").asString()).isEqualTo("FAILED");
        assertThat(body.get("report").isNull()).isTrue();
    }

    @Test
    void aReceiverThatFailsIsTriedAgainWithTheSameBodyUntilItTakesIt() {
        receiver.answer((delivery, attempt) -> attempt < 3 ? 500 : 204);

        notifier.runEnded(new RunEnded("run-3", ReportState.DEGRADED, List.of("x"), null));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("pipeline.notifications.delivered").count() == 1);
        List<WebhookReceiver.Delivery> attempts = receiver.of("run-3");
        assertThat(attempts).hasSize(3);
        assertThat(attempts)
                .extracting(d -> new String(d.body(), StandardCharsets.UTF_8))
                .containsOnly(new String(attempts.getFirst().body(), StandardCharsets.UTF_8));
        assertThat(attempts)
                .extracting(WebhookReceiver.Delivery::signature)
                .containsOnly(attempts.getFirst().signature());
        assertThat(meters.counter("pipeline.notifications.failed").count()).isZero();
    }

    @Test
    void retriesAreBoundedThenGivenUpAndCounted() throws Exception {
        receiver.answer((delivery, attempt) -> 503);

        notifier.runEnded(new RunEnded("run-4", ReportState.DEGRADED, List.of("x"), null));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("pipeline.notifications.failed").count() == 1);
        Thread.sleep(300); // no fourth attempt comes later
        assertThat(receiver.of("run-4")).hasSize(3);
        assertThat(meters.counter("pipeline.notifications.delivered").count()).isZero();
    }

    @Test
    void aRefusalIsFinalNotRetried() throws Exception {
        receiver.answer((delivery, attempt) -> 401);

        notifier.runEnded(new RunEnded("run-5", ReportState.DEGRADED, List.of("x"), null));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("pipeline.notifications.failed").count() == 1);
        Thread.sleep(300);
        assertThat(receiver.of("run-5")).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOutAndNeverHoldsUpTheCaller() {
        receiver.delay(2_000); // longer than the 500 ms timeout

        long start = System.nanoTime();
        notifier.runEnded(new RunEnded("run-6", ReportState.DEGRADED, List.of("x"), null));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("pipeline.notifications.failed").count() == 1);
        assertThat(receiver.of("run-6")).hasSize(3);
    }

    @Test
    void withoutAUrlNothingIsSent() throws Exception {
        RunNotifier off = new RunNotifier(
                new NotifyProperties(null, null, Duration.ofSeconds(1), 3, Duration.ofMillis(50)), meters);
        off.runEnded(new RunEnded("run-7", ReportState.DEGRADED, List.of("x"), null));
        Thread.sleep(300);
        assertThat(receiver.of("run-7")).isEmpty();
        off.destroy();
    }
}
