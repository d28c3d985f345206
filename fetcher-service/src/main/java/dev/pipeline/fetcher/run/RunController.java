package dev.pipeline.fetcher.run;

import dev.pipeline.common.RunIds;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Triggers and watches runs, also live as Server-Sent Events. A request can only choose among
 * configured sources by name: no URL ever comes from a request.
 */
@RestController
@RequestMapping("/api/runs")
class RunController {

    private final RunLauncher launcher;
    private final SourcesProperties sources;
    private final ProgressEvents events;

    RunController(RunLauncher launcher, SourcesProperties sources, ProgressEvents events) {
        this.launcher = launcher;
        this.sources = sources;
        this.events = events;
    }

    @PostMapping
    ResponseEntity<RunView> start(@Valid @RequestBody(required = false) RunRequest request)
            throws InterruptedException {
        List<SourceDefinition> chosen = choose(request);
        try {
            RunView run = launcher.start(chosen).view();
            return ResponseEntity.accepted()
                    .location(ServletUriComponentsBuilder.fromCurrentRequest()
                            .path("/{id}")
                            .build(run.runId()))
                    .body(run);
        } catch (RunPublishException e) {
            throw problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Kafka unavailable",
                    "the run could not be started: Kafka did not accept its first event");
        }
    }

    @GetMapping
    List<RunView> recent() {
        return launcher.recent().stream().map(TrackedRun::view).toList();
    }

    @GetMapping("/{runId}")
    RunView find(@PathVariable String runId) {
        return runOf(runId).view();
    }

    /** {@code progress} events while the run changes, then {@code end}; see {@link ProgressEvents}. */
    @GetMapping("/{runId}/events")
    SseEmitter events(@PathVariable String runId) {
        return events.stream(runOf(runId));
    }

    private TrackedRun runOf(String runId) {
        if (!RunIds.isValid(runId)) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid run id", "a run id is " + RunIds.RULE);
        }
        return launcher.find(runId)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown run", "no run " + runId + " here"));
    }

    private List<SourceDefinition> choose(RunRequest request) {
        if (request == null || request.sources() == null || request.sources().isEmpty()) {
            return sources.sources();
        }
        List<String> unknown = request.sources().stream()
                .filter(name -> sources.find(name).isEmpty())
                .toList();
        if (!unknown.isEmpty()) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Unknown source",
                    "not configured: " + unknown + "; configured sources are " + sources.names());
        }
        return request.sources().stream()
                .distinct()
                .map(name -> sources.find(name).orElseThrow())
                .toList();
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
