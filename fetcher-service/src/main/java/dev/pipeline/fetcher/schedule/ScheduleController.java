package dev.pipeline.fetcher.schedule;

import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.run.RunView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The schedules, their next and last ticks and their last runs' state; read-only, from any instance. */
@RestController
@RequestMapping("/api/schedules")
class ScheduleController {

    private final Schedules schedules;
    private final ScheduleBoard board;
    private final RunLauncher runs;
    private final Clock clock;

    ScheduleController(Schedules schedules, ScheduleBoard board, RunLauncher runs, Clock clock) {
        this.schedules = schedules;
        this.board = board;
        this.runs = runs;
        this.clock = clock;
    }

    @GetMapping
    List<ScheduleView> all() {
        Instant now = clock.instant();
        return schedules.all().stream().map(s -> view(s, now)).toList();
    }

    @GetMapping("/{name}")
    ScheduleView one(@PathVariable String name) {
        return schedules.find(name).map(s -> view(s, clock.instant())).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND,
                    "no schedule " + name + "; configured schedules are "
                            + schedules.all().stream().map(Schedule::name).toList());
            problem.setTitle("Unknown schedule");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }

    private ScheduleView view(Schedule schedule, Instant now) {
        ScheduleDefinition definition = schedule.definition();
        Optional<ScheduleState> last = board.last(schedule.name());
        return new ScheduleView(
                schedule.name(),
                definition.cron(),
                definition.every() == null ? null : definition.every().toString(),
                definition.zone(),
                definition.sources(),
                definition.missed().wireName(),
                schedule.ticks().next(now).orElse(null),
                last.map(ScheduleState::tick).orElse(null),
                last.map(ScheduleState::runId).orElse(null),
                last.flatMap(state -> runs.view(state.runId()))
                        .map(RunView::state)
                        .orElse(null));
    }
}
