package dev.pipeline.processor.report;

import dev.pipeline.common.RunIds;
import dev.pipeline.processor.run.RunLedger;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads results: a run's state while it is open, its report once written (streamed from disk). */
@RestController
@RequestMapping("/api/runs")
class ReportController {

    private final RunLedger ledger;
    private final RunCompletion completion;

    ReportController(RunLedger ledger, RunCompletion completion) {
        this.ledger = ledger;
        this.completion = completion;
    }

    @GetMapping("/{runId}")
    RunStatus status(@PathVariable String runId) {
        requireValid(runId);
        if (Files.exists(ledger.reportPath(runId))) {
            return new RunStatus(runId, "COMPLETE", null, null, ledger.reportPath(runId).toAbsolutePath().toString(), null);
        }
        if (ledger.failure(runId).isPresent()) {
            return new RunStatus(runId, "FAILED", null, null, null, ledger.failure(runId).get());
        }
        return ledger.find(runId)
                .map(run -> new RunStatus(runId, "OPEN", run.productsConsumed(), run.errorsConsumed(), null,
                        whyNotReported(runId)))
                .orElseThrow(() -> notFound("no run " + runId + " here"));
    }

    /** While a complete run's report is failing or blocked: why. */
    private String whyNotReported(String runId) {
        ReportRetries.Failing failing = completion.retries().of(runId);
        if (failing != null) {
            return "report failed (try " + failing.tries() + " of " + completion.retries().maxTries() + "): "
                    + failing.lastFailure();
        }
        Outage.State outage = completion.outage();
        return outage != null && runId.equals(outage.runId()) ? outage.reason() : null;
    }

    @GetMapping(value = "/{runId}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Resource> report(@PathVariable String runId) {
        requireValid(runId);
        Path report = ledger.reportPath(runId);
        if (!Files.exists(report)) {
            throw notFound("run " + runId + " has no report (yet)");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new FileSystemResource(report));
    }

    /** A run id is also a file name: checked before it comes anywhere near the file system. */
    private static void requireValid(String runId) {
        if (!RunIds.isValid(runId)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "a run id is 1-64 letters, digits, '-' or '_'");
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
