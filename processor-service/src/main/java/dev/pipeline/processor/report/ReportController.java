package dev.pipeline.processor.report;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.RunIds;
import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportParser;
import dev.pipeline.common.report.ReportState;
import dev.pipeline.processor.run.AbandonedRuns;
import dev.pipeline.processor.run.RunAnnouncer;
import dev.pipeline.processor.run.RunLedger;
import dev.pipeline.processor.store.Locations;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads results: a run's state while it is open, its report once written (streamed from the
 * {@link ReportStore}), and whether that report is of a run that missed its quality gates
 * ({@code DEGRADED}). A run reported by another instance whose report is not in this one's store
 * (a local store on another host) is answered from its announcement (its status; its report a
 * {@code 307} to that instance). When the store does not answer, what the ledger knows (an open or
 * given-up run, an announcement) is the answer, and anything else a {@code 503} problem with
 * {@code Retry-After}, never a 500.
 */
@RestController
@RequestMapping("/api/runs")
class ReportController {

    private static final Logger log = LoggerFactory.getLogger(ReportController.class);

    private static final JsonMapper HEAD = JsonMapper.builder().build();

    /** When to ask again during a store outage: about the longest wait between two of its probes. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final RunLedger ledger;
    private final RunCompletion completion;
    private final AbandonedRuns abandoned;
    private final ReportStore store;
    private final RunAnnouncer announcer;

    ReportController(
            RunLedger ledger,
            RunCompletion completion,
            AbandonedRuns abandoned,
            ReportStore store,
            RunAnnouncer announcer) {
        this.ledger = ledger;
        this.completion = completion;
        this.abandoned = abandoned;
        this.store = store;
        this.announcer = announcer;
    }

    @GetMapping("/{runId}")
    RunStatus status(@PathVariable String runId) {
        requireValid(runId);
        Optional<String> failure = ledger.failure(runId);
        if (failure.isPresent()) {
            return new RunStatus(runId, ReportState.FAILED, null, null, null, failure.get());
        }
        // The store before the ledger: a report written is COMPLETE at once, though its run is let go of
        // only once it is announced. When the store does not answer (an object store's outage), what this
        // instance knows answers: an open run, or an announcement; else a 503, never a 500.
        Optional<Stored> report;
        try {
            report = store.find(runId, ReportStore.Kind.REPORT);
        } catch (IOException e) {
            return open(runId)
                    .or(() -> announcer.announcedElsewhere(runId).map(ReportController::announced))
                    .orElseThrow(() -> new StoreUnavailableException(runId, e));
        }
        if (report.isPresent()) {
            return reported(runId, report.get());
        }
        var given = abandoned.find(runId);
        if (given.isPresent()) {
            return new RunStatus(
                    runId,
                    ReportState.ABANDONED,
                    given.get().productsRead(),
                    given.get().errorsRead(),
                    null,
                    given.get().reason(),
                    given.get().abandonedAt());
        }
        return open(runId)
                .or(() -> announcer.announcedElsewhere(runId).map(ReportController::announced))
                .orElseThrow(() -> notFound("no run " + runId + " here"));
    }

    private Optional<RunStatus> open(String runId) {
        return ledger.find(runId)
                .map(run -> new RunStatus(
                        runId,
                        ReportState.OPEN,
                        run.productsConsumed(),
                        run.errorsConsumed(),
                        null,
                        whyNotReported(runId)));
    }

    /** A run another instance reported, whose report this instance's store does not have: as announced. */
    private static RunStatus announced(RunEvent.Reported reported) {
        ReportState state = ReportState.parse(reported.state()).orElse(ReportState.COMPLETE);
        return new RunStatus(
                reported.runId(),
                state,
                null,
                null,
                reported.location(),
                "announced by processor instance " + reported.processor()
                        + (reported.processorUrl() == null ? "" : " (" + reported.processorUrl() + ")")
                        + "; its report is not in this instance's store");
    }

    /**
     * COMPLETE, or DEGRADED when its report's {@code quality} section says a gate was missed: read
     * from the report's head (the section comes right after the summary), never its products.
     */
    private RunStatus reported(String runId, Stored report) {
        String path = Locations.shown(report.location());
        JsonNode quality;
        try (InputStream in = store.open(runId, ReportStore.Kind.REPORT);
                JsonParser parser = HEAD.createParser(in)) {
            quality = ReportParser.quality(parser);
        } catch (IOException | RuntimeException e) {
            // Gone meanwhile (retention), or not a report: it was written, which is what COMPLETE says.
            quality = null;
        }
        if (quality == null || !quality.path(ReportKeys.Quality.DEGRADED).asBoolean(false)) {
            return new RunStatus(runId, ReportState.COMPLETE, null, null, path, null, null, quality);
        }
        List<String> missed = new ArrayList<>();
        quality.path(ReportKeys.Quality.GATES).forEach(gate -> {
            if (!gate.path(ReportKeys.Gate.PASSED).asBoolean(true)) {
                missed.add(gate.path(ReportKeys.Gate.SOURCE).asString() + " "
                        + gate.path(ReportKeys.Gate.GATE).asString() + ": "
                        + gate.path(ReportKeys.Gate.DETAIL).asString());
            }
        });
        return new RunStatus(
                runId,
                ReportState.DEGRADED,
                null,
                null,
                path,
                "missed its quality gates: " + String.join("; ", missed),
                null,
                quality);
    }

    /** While a complete run's report is failing or blocked: why. */
    private String whyNotReported(String runId) {
        ReportRetries.Failing failing = completion.retries().of(runId);
        if (failing != null) {
            return "report failed (try " + failing.tries() + " of "
                    + completion.retries().maxTries() + "): " + failing.lastFailure();
        }
        Outage.State outage = completion.outage();
        return outage != null && runId.equals(outage.runId()) ? outage.reason() : null;
    }

    @GetMapping(value = "/{runId}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Resource> report(@PathVariable String runId) {
        requireValid(runId);
        // Opened here, not when the body is written: a report that retention deletes meanwhile is
        // still read whole from the open stream, and one already gone is a 404, never a 500. Its
        // length is the one found just before it was opened: a run's report is written once (only a
        // second report of the same run, in that instant, could make them differ).
        Stored report;
        InputStream body;
        try {
            Optional<Stored> found = store.find(runId, ReportStore.Kind.REPORT);
            if (found.isEmpty()) {
                return elsewhere(runId);
            }
            report = found.get();
            body = store.open(runId, ReportStore.Kind.REPORT);
        } catch (NoSuchFileException e) {
            return elsewhere(runId);
        } catch (IOException e) {
            if (ledger.find(runId).isPresent() || ledger.failure(runId).isPresent()) {
                return elsewhere(runId); // open or given up here: no report yet, whatever the store
            }
            throw new StoreUnavailableException(runId, e);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(report.bytes())
                .body(new InputStreamResource(body));
    }

    /**
     * A report another instance wrote and announced, not in this instance's store: a {@code 307} to
     * the instance that wrote it, when it announced its URL and that is not this instance's own (an
     * announcement of its earlier start); else a 404 naming it and the location.
     */
    private ResponseEntity<Resource> elsewhere(String runId) {
        RunEvent.Reported reported = announcer
                .announcedElsewhere(runId)
                .filter(r ->
                        ReportState.parse(r.state()).map(ReportState::reported).orElse(false))
                .orElseThrow(() -> notFound("run " + runId + " has no report (yet)"));
        if (reported.processorUrl() == null) {
            throw notFound(
                    "run " + runId + "'s report was written by processor instance " + reported.processor()
                            + " at " + reported.location()
                            + ", which this instance cannot read (that instance announced no pipeline.processor.advertised-url)");
        }
        if (announcer.isThisInstance(reported.processorUrl())) {
            // This instance's own announcement of an earlier start (its processor id differs by start):
            // a redirect would come back here.
            throw notFound("run " + runId + "'s report was announced by this instance (" + reported.processorUrl()
                    + ") at " + reported.location() + ", and is no longer in its store");
        }
        String base = reported.processorUrl().replaceAll("/+$", "");
        return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                .location(URI.create(base + "/api/runs/" + runId + "/report"))
                .build();
    }

    /**
     * The report store did not answer (an object store's outage, a disk that cannot be read): not
     * the request's fault, and answered once the store is back, so a 503 with {@code Retry-After}.
     */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        log.warn("{}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Report store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The report store did not answer about a run. */
    static final class StoreUnavailableException extends RuntimeException {

        StoreUnavailableException(String runId, IOException cause) {
            super("run " + runId + ": the report store cannot be read now: " + Failures.describe(cause), cause);
        }
    }

    /** A run id is also a file or object name: checked before it comes anywhere near the store. */
    private static void requireValid(String runId) {
        if (!RunIds.isValid(runId)) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "a run id is " + RunIds.RULE);
            problem.setTitle("Invalid run id");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
    }

    private static ErrorResponseException notFound(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
