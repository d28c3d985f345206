package dev.pipeline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.ServiceGuard;
import dev.pipeline.common.net.FreePorts;
import dev.pipeline.common.report.ReportState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunWatcherTests {

    private static final String FETCHING = """
            {"runId":"r1","state":"RUNNING","startedAt":"2026-11-23T10:00:00Z","sources":[
              {"name":"dummyjson","state":"RUNNING","pages":8,"items":30,"errors":0,"requests":1},
              {"name":"reqres","state":"RUNNING","pages":2,"items":6,"errors":1,"requests":2}]}""";

    private static final String FETCHED = """
            {"runId":"r1","state":"FETCHED","startedAt":"2026-11-23T10:00:00Z","finishedAt":"2026-11-23T10:00:02Z",
             "sources":[{"name":"dummyjson","state":"DONE","pages":8,"items":194,"errors":0,"requests":8},
                        {"name":"reqres","state":"DONE","pages":2,"items":12,"errors":1,"requests":3}]}""";

    private ScriptedService fetcher;
    private ScriptedService processor;
    private final List<RunSnapshot> seen = new ArrayList<>();
    private final RecordingGuard guard = new RecordingGuard();

    @BeforeEach
    void startServices() throws IOException {
        fetcher = new ScriptedService();
        processor = new ScriptedService();
    }

    @AfterEach
    void stopServices() {
        fetcher.close();
        processor.close();
    }

    @Test
    void followsARunUntilTheProcessorCompletesItAndShowsEveryStep() {
        fetcher.on("GET /api/runs/r1", 200, FETCHING).on("GET /api/runs/r1", 200, FETCHED);
        processor
                .on("GET /api/runs/r1", 404, "")
                .on(
                        "GET /api/runs/r1",
                        200,
                        "{\"runId\":\"r1\",\"state\":\"OPEN\",\"productsConsumed\":100,\"errors\":0}")
                .on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"COMPLETE\",\"report\":\"/out/r1.json\"}");

        ProcessedRun done = watcher().awaitCompletion("r1", Duration.ofSeconds(10));

        assertThat(done).isEqualTo(new ProcessedRun("r1", ReportState.COMPLETE, 0, 0, "/out/r1.json"));
        assertThat(done.reportPath()).contains(Path.of("/out/r1.json"));
        assertThat(seen).hasSize(3);
        assertThat(seen.getFirst().processed()).isEmpty();
        assertThat(seen.getFirst().fetch().itemsFetched()).isEqualTo(36);
        assertThat(seen.getLast().fetch().sources())
                .containsExactly(
                        new SourceProgress("dummyjson", "DONE", 8, 194, 0, 8),
                        new SourceProgress("reqres", "DONE", 2, 12, 1, 3));
        assertThat(guard.checks).isEqualTo(3);
    }

    /** A DEGRADED run has its report: the watch ends there, as at COMPLETE, and keeps the reason. */
    @Test
    void aDegradedRunIsDoneWithItsReport() {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        processor.on(
                "GET /api/runs/r1",
                200,
                "{\"runId\":\"r1\",\"state\":\"DEGRADED\",\"report\":\"/out/r1.json\","
                        + "\"reason\":\"missed its quality gates: shop min_items: 3 products, at least 5 expected\","
                        + "\"quality\":{\"degraded\":true,\"gates\":[]}}");

        ProcessedRun done = watcher().awaitCompletion("r1", Duration.ofSeconds(10));

        assertThat(done.state()).isEqualTo(ReportState.DEGRADED);
        assertThat(done.complete()).isTrue();
        assertThat(done.givenUp()).isFalse();
        assertThat(done.reportPath()).contains(Path.of("/out/r1.json"));
        assertThat(done.reason()).contains("shop min_items");
    }

    @Test
    void failsWhenTheFetcherReportsTheRunFailed() {
        fetcher.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"FAILED\",\"sources\":[]}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofSeconds(10)))
                .withMessage("fetcher reports run r1 as FAILED");
    }

    @Test
    void failsAtOnceWhenTheProcessorGaveTheRunUp() {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        processor.on(
                "GET /api/runs/r1",
                200,
                "{\"runId\":\"r1\",\"state\":\"ABANDONED\",\"productsConsumed\":5,"
                        + "\"errors\":0,\"reason\":\"nothing read for 12h\",\"abandonedAt\":\"2026-11-23T10:00:00Z\"}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofSeconds(10)))
                .withMessage("processor reports run r1 as ABANDONED: nothing read for 12h");
    }

    @Test
    void givesUpAfterTheTimeoutSayingHowFarTheRunGot() {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        processor.on(
                "GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"OPEN\",\"productsConsumed\":5,\"errors\":0}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofMillis(300)))
                .withMessage("processor had not completed run r1 after 300 ms "
                        + "(fetcher: FETCHED, 206 items; processed: 5 products, 0 errors)");
    }

    /**
     * States newer services may add are neither done nor failed: the watch goes on through them (and
     * would until it timed out) to the state it knows. Counted in answers, not in time, so a slow first
     * request cannot make it pass or fail.
     */
    @Test
    void watchesOnThroughStatesItDoesNotKnow() {
        fetcher.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"PAUSED\",\"sources\":[]}");
        processor
                .on(
                        "GET /api/runs/r1",
                        200,
                        "{\"runId\":\"r1\",\"state\":\"ARCHIVED\",\"productsConsumed\":5,\"errors\":0}")
                .on(
                        "GET /api/runs/r1",
                        200,
                        "{\"runId\":\"r1\",\"state\":\"PARKED\",\"productsConsumed\":5,\"errors\":0}")
                .on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"COMPLETE\",\"report\":\"/out/r1.json\"}");

        ProcessedRun done = watcher().awaitCompletion("r1", Duration.ofSeconds(30));

        assertThat(done.reportPath()).contains(Path.of("/out/r1.json"));
        assertThat(seen).hasSize(3);
        assertThat(seen.getFirst().fetch().stateName()).isEqualTo("UNKNOWN");
        assertThat(seen.getFirst().processed())
                .hasValueSatisfying(run -> assertThat(run.complete()).isFalse());
    }

    /** A state it does not know never ends the watch by itself: only the timeout does, saying how far the run got. */
    @Test
    void aStateItDoesNotKnowRunsIntoTheTimeout() {
        fetcher.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"PAUSED\",\"sources\":[]}");
        processor.on(
                "GET /api/runs/r1",
                200,
                "{\"runId\":\"r1\",\"state\":\"ARCHIVED\",\"productsConsumed\":5,\"errors\":0}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofMillis(300)))
                .withMessage("processor had not completed run r1 after 300 ms "
                        + "(fetcher: UNKNOWN, 0 items; processed: 5 products, 0 errors)");
    }

    @Test
    void stopsAtOnceWhenAServiceProcessDies() {
        guard.deadService = "processor";

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofSeconds(10)))
                .withMessage("processor exited with code 1");
        assertThat(fetcher.requests()).isEmpty();
    }

    @Test
    void namesTheServiceThatAnsweredWithAnError() {
        fetcher.on("GET /api/runs/r1", 500, "{\"title\":\"Internal Server Error\"}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofSeconds(10)))
                .withMessage("fetcher answered 500 to GET /api/runs/r1: {\"title\":\"Internal Server Error\"}");
    }

    @Test
    void asksTheLivingInstanceTheGuardNamesOnceTheOneItWasGivenHasDied() throws IOException {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        processor.close(); // the processor it was given, killed
        try (ScriptedService survivor = new ScriptedService()) {
            survivor.on(
                    "GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"COMPLETE\",\"report\":\"/out/r1.json\"}");
            guard.instances.put("processor", survivor.url());

            ProcessedRun done = watcher().awaitCompletion("r1", Duration.ofSeconds(10));

            assertThat(done.reportPath()).contains(Path.of("/out/r1.json"));
            assertThat(survivor.requests()).containsExactly("GET /api/runs/r1");
        }
    }

    @Test
    void waitsOutAServiceThatDoesNotAnswerForAMoment() {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        processor.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"COMPLETE\",\"report\":\"/out/r1.json\"}");
        guard.silentFor = 3; // e.g. killed between the guard's check and the call; the guard then names another

        ProcessedRun done = watcher().awaitCompletion("r1", Duration.ofSeconds(10));

        assertThat(done.complete()).isTrue();
        assertThat(guard.checks).isEqualTo(4);
        assertThat(seen).hasSize(1);
    }

    @Test
    void failsWhenAServiceDoesNotAnswerForLongerThanTheGrace() {
        fetcher.on("GET /api/runs/r1", 200, FETCHED);
        URI nowhere = nowhere();
        guard.instances.put("processor", nowhere);

        assertThatExceptionOfType(ServiceUnreachable.class)
                .isThrownBy(() -> watcher().awaitCompletion("r1", Duration.ofSeconds(10)))
                .withMessageStartingWith("cannot reach the processor at " + nowhere + "/ (");
        assertThat(guard.checks).isGreaterThan(2);
    }

    private RunWatcher watcher() {
        return new RunWatcher(
                new FetcherClient(fetcher.url()),
                new ProcessorClient(processor.url()),
                guard,
                seen::add,
                Duration.ofMillis(10),
                Duration.ofMillis(300));
    }

    private static URI nowhere() {
        return URI.create("http://127.0.0.1:" + FreePorts.pick(1)[0]);
    }

    private static final class RecordingGuard implements ServiceGuard {

        int checks;
        String deadService;
        final Map<String, URI> instances = new HashMap<>();
        /** Names a port nobody listens on for the processor, this many times. */
        int silentFor;

        @Override
        public Optional<URI> instanceToAsk(String service) {
            if ("processor".equals(service) && silentFor > 0) {
                silentFor--;
                return Optional.of(nowhere());
            }
            return Optional.ofNullable(instances.get(service));
        }

        @Override
        public void ensureRunning() {
            checks++;
            if (deadService != null) {
                throw failure(deadService, "exited with code 1");
            }
        }

        @Override
        public PipelineFailure failure(String service, String reason) {
            return new PipelineFailure(service + " " + reason);
        }
    }
}
