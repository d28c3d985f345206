package dev.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.cli.run.ScriptedService;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.common.net.FreePorts;
import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}, {@code report} and {@code catalog}, against services that answer like the real ones. */
class ReadCommandsTests {

    private static final String UP = "{\"status\":\"UP\"}";

    /** As the processor serves it: checked against the published schema before any test uses it. */
    private static final String REPORT = valid("""
            {"summary":{"run_id":"r1","total_products":3,"total_errors":1,"processing_time_seconds":1.5,"success_rate":0.75,
                        "sources":["dummyjson","reqres"],"started_at":"2026-11-23T10:00:00Z","finished_at":"2026-11-23T10:00:01.5Z",
                        "incomplete":false,"missing_records":0},
             "products":[{"id":"1","title":"Lipstick","source":"dummyjson","price":1.0,"category":"beauty",
                          "processed_at":"2026-11-23T10:00:01Z","fetched_at":"2026-11-23T10:00:00Z"},
                         {"id":"2","title":"Mascara","source":"dummyjson","price":3.0,"category":"beauty",
                          "processed_at":"2026-11-23T10:00:01Z","fetched_at":"2026-11-23T10:00:00Z"},
                         {"id":"3","title":"Ann Lee","source":"reqres","price":null,"category":"unknown",
                          "processed_at":"2026-11-23T10:00:01Z","fetched_at":"2026-11-23T10:00:00Z"}],
             "errors":[{"endpoint":"/x","error":"boom","timestamp":"2026-11-23T10:00:01Z","source":"reqres",
                        "kind":"http_error","attempts":3}],
             "metrics":{"price_metrics":{"min_price":1.0,"max_price":3.0,"average_price":2.0,"median_price":2.0,
                                         "valid_price_count":2},
                        "category_distribution":{"beauty":2,"unknown":1},"source_request_counts":{"dummyjson":1,"reqres":1},
                        "source_stats":{}}}""");

    private ScriptedService fetcher;
    private ScriptedService processor;

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
    void statusWithoutARunShowsBothServicesUpAndTheRecentRuns() {
        fetcher.on("GET /actuator/health", 200, UP).on("GET /api/runs", 200, """
                [{"runId":"run-2","state":"RUNNING","startedAt":"2026-11-23T10:05:00Z","sources":[{"name":"a","items":5}]},
                 {"runId":"run-1","state":"FETCHED","startedAt":"2026-11-23T10:00:00Z","sources":[{"name":"a","items":306}]}]""");
        processor.on("GET /actuator/health", 200, UP);

        CommandRun run = run("status");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                fetcher    %-28s UP
                processor  %-28s UP
                runs:
                  run-2                                RUNNING        5 items  started 2026-11-23T10:05:00Z
                  run-1                                FETCHED      306 items  started 2026-11-23T10:00:00Z
                """.formatted(fetcher.url(), processor.url()));
    }

    @Test
    void statusWithAServiceDownSaysWhichAndExitsOne() {
        processor.on("GET /actuator/health", 503, "{\"status\":\"DOWN\"}");

        CommandRun run = run("status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "fetcher    %-28s DOWN".formatted(fetcher.url()),
                        "processor  %-28s DOWN".formatted(processor.url()));
    }

    @Test
    void statusOfARunShowsBothSidesAndEverySource() {
        fetcher.on("GET /api/runs/r1", 200, """
                {"runId":"r1","state":"FETCHED","startedAt":"2026-11-23T10:00:00Z","finishedAt":"2026-11-23T10:00:02Z",
                 "sources":[{"name":"dummyjson","state":"DONE","pages":10,"items":194,"errors":0,"requests":10}]}""");
        processor.on("GET /api/runs/r1", 200, "{\"runId\":\"r1\",\"state\":\"COMPLETE\",\"report\":\"/out/r1.json\"}");

        CommandRun run = run("status", "r1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                run        r1
                fetcher    FETCHED (started 2026-11-23T10:00:00Z, finished 2026-11-23T10:00:02Z)
                processor  COMPLETE, report /out/r1.json
                  source               state        pages     items  errors  requests
                  dummyjson            DONE            10       194       0        10
                """);
    }

    /** States newer services may add: shown as UNKNOWN, not an error. */
    @Test
    void statusOfARunInStatesItDoesNotKnowShowsThemAsUnknown() {
        fetcher.on(
                "GET /api/runs/r1",
                200,
                "{\"runId\":\"r1\",\"state\":\"PAUSED\",\"startedAt\":\"2026-11-23T10:00:00Z\",\"sources\":[]}");
        processor.on(
                "GET /api/runs/r1",
                200,
                "{\"runId\":\"r1\",\"state\":\"ARCHIVED\",\"productsConsumed\":5,\"errors\":1}");

        CommandRun run = run("status", "r1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("""
                run        r1
                fetcher    UNKNOWN (started 2026-11-23T10:00:00Z)
                processor  UNKNOWN (5 products, 1 errors so far)
                """);
    }

    @Test
    void reportPrintsTheSummaryTable() {
        processor.on("GET /api/runs/r1/report", 200, REPORT);

        CommandRun run = run("report", "r1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("run id           r1\nproducts         3\nerrors           1\n")
                .contains("top categories   beauty         2\n")
                .endsWith("report: " + processor.url() + "/api/runs/r1/report\n");
    }

    @Test
    void reportWithJsonPrintsTheReportAsServed() {
        processor.on("GET /api/runs/r1/report", 200, REPORT);

        assertThat(run("report", "r1", "--json").out()).isEqualTo(REPORT + "\n");
    }

    @Test
    void reportOfARunThatIsNotCompleteIsOneLineAndExitsOne() {
        CommandRun run = run("report", "r2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("pipeline report: the processor has no report for run r2 "
                        + "(unknown run, or not complete yet)\n");
    }

    @Test
    void withoutUrlsStatusAndReportAskTheServicesOfTheUpRunningHere(@TempDir Path repository) {
        fetcher.on("GET /actuator/health", 200, UP).on("GET /api/runs", 200, "[]");
        processor.on("GET /actuator/health", 200, UP).on("GET /api/runs/r1/report", 200, REPORT);
        URI deadFetcher = URI.create("http://127.0.0.1:" + FreePorts.pick(1)[0] + "/");
        new UpState(
                        ProcessHandle.current().pid(),
                        "127.0.0.1:9092",
                        null,
                        List.of(deadFetcher, fetcher.url()),
                        List.of(processor.url()),
                        repository.resolve("output").toString())
                .write(repository.resolve(".pipeline/up.json"));
        String before = System.setProperty(PipelineHome.HOME_PROPERTY, repository.toString());
        try {
            CommandRun status = CommandRun.of("status");
            CommandRun report = CommandRun.of("report", "r1");

            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).as("the first fetcher that answers").isEqualTo("""
                    fetcher    %-28s UP
                    processor  %-28s UP
                    no runs yet
                    """.formatted(
                            fetcher.url(), processor.url()));
            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(report.out()).endsWith("report: " + processor.url() + "/api/runs/r1/report\n");
        } finally {
            if (before == null) {
                System.clearProperty(PipelineHome.HOME_PROPERTY);
            } else {
                System.setProperty(PipelineHome.HOME_PROPERTY, before);
            }
        }
    }

    /** As the processor serves {@code GET /api/catalog} (CatalogIntegrationTests checks the real one). */
    private static final String CATALOG_PAGE = """
            {"items":[{"key":"shop:1","source":"shop","externalId":"1","title":"Lipstick","price":1.5,"category":"beauty",
                       "attributes":{"brand":"acme"},"endpoint":"http://up/items","runId":"run-later","fetchedAt":"2026-11-28T10:00:00Z"},
                      {"key":"shop:2","source":"shop","externalId":"2","title":"A title far longer than the column is wide",
                       "price":null,"category":"unknown","runId":"run-early","fetchedAt":"2026-11-27T10:00:00Z"}],
             "nextCursor":"c2hvcDoy","upToDate":true,"asOf":{"0":3,"1":0,"2":1},"unreadable":1}""";

    @Test
    void catalogPrintsAPageWithTheRunThatLastSawEachItemAndHowToGetTheNext() {
        processor.on("GET /api/catalog", 200, CATALOG_PAGE);

        CommandRun run = run("catalog", "--source", "shop", "--limit", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(processor.queries()).containsExactly("limit=2&source=shop");
        assertThat(run.out()).isEqualTo("""
                key                       title                              price  category        run                               fetched at
                shop:1                    Lipstick                            1.50  beauty          run-later                         2026-11-28T10:00:00Z
                shop:2                    A title far longer than the c…         -  unknown         run-early                         2026-11-27T10:00:00Z
                1 item(s) left out: their latest record cannot be read
                up to date; more: ./pipeline catalog --source shop --limit 2 --cursor c2hvcDoy
                """);
    }

    @Test
    void catalogSendsTheCursorAndSaysWhenItIsTheLastPageAndNotUpToDate() {
        processor.on("GET /api/catalog", 200, """
                {"items":[],"upToDate":false,"asOf":{},"unreadable":0}""");

        CommandRun run = run("catalog", "--cursor", "c2hvcDoy");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(processor.queries()).containsExactly("limit=50&cursor=c2hvcDoy");
        assertThat(run.out())
                .isEqualTo("no items\nstill catching up with the topic (ask again for more); no more items\n");
    }

    @Test
    void catalogWithJsonPrintsThePageAsServed() {
        processor.on("GET /api/catalog", 200, CATALOG_PAGE);

        assertThat(run("catalog", "--json").out()).isEqualTo(CATALOG_PAGE + "\n");
    }

    @Test
    void catalogRefusesABadLimitOrSourceBeforeAskingAndQuotesAProblemTheProcessorAnswers() {
        CommandRun tooMany = run("catalog", "--limit", "1001");
        CommandRun badSource = run("catalog", "--source", "Not A Source");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).startsWith("pipeline catalog: --limit must be from 1 to 1000, not 1001");
        assertThat(badSource.exitCode()).isEqualTo(2);
        assertThat(badSource.err()).startsWith("pipeline catalog: --source: 'Not A Source' is not a source name");
        assertThat(processor.requests()).isEmpty();

        processor.on("GET /api/catalog", 400, """
                {"title":"Invalid cursor","status":400,"detail":"'cursor' is not a cursor this service gave out"}""");
        CommandRun badCursor = run("catalog", "--cursor", "nonsense");
        assertThat(badCursor.exitCode()).isEqualTo(1);
        assertThat(badCursor.err())
                .contains("processor answered 400", "'cursor' is not a cursor this service gave out");
    }

    private CommandRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--fetcher";
        all[args.length + 1] = fetcher.url().toString();
        all[args.length + 2] = "--processor";
        all[args.length + 3] = processor.url().toString();
        return CommandRun.of(all);
    }

    private static String valid(String report) {
        ReportSchema.readReport(report);
        return report;
    }
}
