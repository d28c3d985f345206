package dev.pipeline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.common.FetchState;
import dev.pipeline.common.net.FreePorts;
import dev.pipeline.common.report.ReportState;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FetcherClientTests {

    private ScriptedService fetcher;

    @BeforeEach
    void startFetcher() throws IOException {
        fetcher = new ScriptedService();
    }

    @AfterEach
    void stopFetcher() {
        fetcher.close();
    }

    @Test
    void startsARunOfAllSourcesWithAnEmptyRequest() {
        fetcher.on("POST /api/runs", 202, "{\"runId\":\"r7\",\"state\":\"RUNNING\"}");

        assertThat(new FetcherClient(fetcher.url()).startRun(List.of())).isEqualTo("r7");
        assertThat(fetcher.requests()).containsExactly("POST /api/runs {}");
    }

    @Test
    void startsARunOfTheChosenSources() {
        fetcher.on("POST /api/runs", 202, "{\"runId\":\"r8\",\"state\":\"RUNNING\"}");

        new FetcherClient(fetcher.url()).startRun(List.of("dummyjson", "reqres"));

        assertThat(fetcher.requests()).containsExactly("POST /api/runs {\"sources\":[\"dummyjson\",\"reqres\"]}");
    }

    @Test
    void sendsTheApiKeyWhenItHasOne() {
        fetcher.on("POST /api/runs", 202, "{\"runId\":\"r9\",\"state\":\"RUNNING\"}");

        new FetcherClient(fetcher.url(), "the-key").startRun(List.of());
        new FetcherClient(fetcher.url()).startRun(List.of());
        new FetcherClient(fetcher.url(), "").startRun(List.of());

        assertThat(fetcher.apiKeys()).containsExactly("the-key", "(none)", "(none)");
    }

    @Test
    void refusesAnAnswerWithoutARunId() {
        fetcher.on("POST /api/runs", 202, "{\"state\":\"RUNNING\"}");

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> new FetcherClient(fetcher.url()).startRun(List.of()))
                .withMessageStartingWith("fetcher answered 202 to POST /api/runs without a runId");
    }

    @Test
    void readsTheRunsStateAndItsTasks() {
        fetcher.on("GET /api/runs/r1", 200, """
                {"runId":"r1","state":"FETCHED","sources":[{"name":"upload","state":"FINISHED","items":3}],
                 "tasks":{"planned":1,"done":1,"doneBy":{"fetcher-1":1},"takeovers":[]}}""");
        FetcherClient client = new FetcherClient(fetcher.url());

        assertThat(client.run("r1").state()).isEqualTo(FetchState.FETCHED);
        assertThat(client.run("r1").fetched()).isTrue();
        assertThat(client.tasks("r1")).isEqualTo(new TaskCounts(FetchState.FETCHED, 1, 1, Map.of("fetcher-1", 1), 0));
    }

    /**
     * A state a newer service may add: read as none this CLI knows (and shown as UNKNOWN), neither
     * failed nor fetched, so a watch goes on.
     */
    @Test
    void aStateItDoesNotKnowIsUnknownAndNothingElse() {
        fetcher.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"PAUSED\",\"sources\":[]}");
        FetcherClient client = new FetcherClient(fetcher.url());

        FetchRun run = client.run("r1");
        assertThat(run.state()).isNull();
        assertThat(run.stateName()).isEqualTo("UNKNOWN");
        assertThat(run.failed()).isFalse();
        assertThat(run.fetched()).isFalse();
        assertThat(client.tasks("r1").state()).isNull();
        assertThat(client.tasks("r1").stateName()).isEqualTo("UNKNOWN");
        assertThat(client.tasks("r1").running()).isFalse();
        ProcessedRun processed =
                ServiceJson.MAPPER.readValue("{\"runId\":\"r1\",\"state\":\"ARCHIVED\"}", ProcessedRun.class);
        assertThat(processed.state()).isNull();
        assertThat(processed.stateName()).isEqualTo("UNKNOWN");
        assertThat(processed.complete()).isFalse();
        assertThat(processed.givenUp()).isFalse();
        assertThat(ServiceJson.MAPPER
                        .readValue("{\"runId\":\"r1\",\"state\":\"ABANDONED\"}", ProcessedRun.class)
                        .state())
                .isEqualTo(ReportState.ABANDONED);
        assertThat(ServiceJson.MAPPER
                        .readValue("{\"runId\":\"r1\"}", ProcessedRun.class)
                        .givenUp())
                .isFalse();
    }

    @Test
    void saysWhichServiceCannotBeReached() {
        int nobody = FreePorts.pick(1)[0];

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> new FetcherClient(URI.create("http://127.0.0.1:" + nobody)).run("r1"))
                .withMessageStartingWith("cannot reach the fetcher at http://127.0.0.1:" + nobody + "/");
    }
}
