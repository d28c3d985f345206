package dev.pipeline.fetcher.state;

import dev.pipeline.common.SourceState;
import dev.pipeline.fetcher.source.Incremental;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An incremental source's cursor: {@code GET} shows it and where the next run starts; {@code POST}
 * (a mutating request: the API key guards it) sets it ({@code {"cursor": "..."}}) or resets it to
 * the source's {@code start} ({@code {"cursor": null}}). Either bumps the state's generation, so
 * that a run started before cannot advance the cursor over it when it is reported.
 */
@RestController
@RequestMapping("/api/sources/{name}/state")
class SourceStateController {

    private static final Logger log = LoggerFactory.getLogger(SourceStateController.class);

    private final SourcesProperties sources;
    private final SourceStates states;

    SourceStateController(SourcesProperties sources, SourceStates states) {
        this.sources = sources;
        this.states = states;
    }

    @GetMapping
    SourceStateView show(@PathVariable String name) {
        SourceDefinition source = incremental(name);
        return SourceStateView.of(source, states.read(name));
    }

    /**
     * Sets or resets, one at a time per instance: two sets through one instance get two
     * generations. Through two instances at once they may get the same one; the higher cursor wins
     * ({@link SourceState#resolve}).
     */
    @PostMapping
    synchronized SourceStateView set(@PathVariable String name, @RequestBody StateRequest request) {
        SourceDefinition source = incremental(name);
        Incremental incremental = source.incremental();
        String cursor = request == null ? null : request.cursor();
        if (cursor != null && !incremental.kind().accepts(cursor)) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid cursor",
                    "cursor: '" + cursor + "' is no "
                            + incremental.kind().name().toLowerCase(java.util.Locale.ROOT) + " cursor, which source "
                            + name + " has (see its incremental.start and lookback)");
        }
        long generation = states.read(name).map(SourceState::generation).orElse(0L) + 1;
        SourceState state = states.write(new SourceState(name, cursor, null, Instant.now(), generation, 0L));
        log.info(
                "source {}: cursor {} (generation {})",
                name,
                cursor == null ? "reset" : "set to " + cursor,
                generation);
        return SourceStateView.of(source, Optional.of(state));
    }

    /**
     * The state topic could not be read to its end or written ({@link SourceStates} says so): Kafka's
     * outage, not a bug of the request, so a 503 as {@code POST /api/runs} answers one.
     */
    @ExceptionHandler(StateUnavailableException.class)
    ProblemDetail kafkaUnavailable(StateUnavailableException e) {
        log.warn("the state topic is out of reach: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "the source's state could not be read or written: Kafka did not answer");
        problem.setTitle("Kafka unavailable");
        return problem;
    }

    private SourceDefinition incremental(String name) {
        SourceDefinition source = sources.find(name)
                .orElseThrow(() -> problem(
                        HttpStatus.NOT_FOUND,
                        "Unknown source",
                        "no source " + name + "; configured sources are " + sources.names()));
        if (!source.isIncremental()) {
            throw problem(
                    HttpStatus.CONFLICT,
                    "Source not incremental",
                    "source " + name + " is fetched whole every run: it has no incremental: and no cursor");
        }
        return source;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** @param cursor the new cursor; {@code null} resets the source to its {@code start} */
    record StateRequest(String cursor) {}
}
