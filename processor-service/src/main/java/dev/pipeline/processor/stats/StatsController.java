package dev.pipeline.processor.stats;

import dev.pipeline.common.original.SourceNames;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statistics across the reports written: {@code GET /api/stats}, {@code /api/stats/sources/{source}}
 * and {@code /api/stats/categories?top=N}, each with optional {@code from}/{@code to} instants that
 * bound the runs' start times (from inclusive, to exclusive).
 */
@RestController
@RequestMapping("/api/stats")
class StatsController {

    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 1000;

    private final ReportStats stats;

    StatsController(ReportStats stats) {
        this.stats = stats;
    }

    @GetMapping
    Stats.Totals totals(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return stats.totals(window(from, to));
    }

    @GetMapping("/sources/{source}")
    Stats.SourceTotals source(
            @PathVariable String source,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        if (!SourceNames.isValid(source)) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid source name", "a source name is " + SourceNames.RULE);
        }
        StatsWindow window = window(from, to);
        return stats.source(source, window)
                .orElseThrow(() -> problem(
                        HttpStatus.NOT_FOUND,
                        "Unknown source",
                        "no report" + (window.equals(StatsWindow.ALL) ? "" : " in the window") + " names source '"
                                + source + "'"));
    }

    @GetMapping("/categories")
    Stats.TopCategories categories(
            @RequestParam(required = false) String top,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return stats.categories(top(top), window(from, to));
    }

    private static int top(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_TOP;
        }
        try {
            int top = Integer.parseInt(text.strip());
            if (top >= 1 && top <= MAX_TOP) {
                return top;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        String shown = text.length() > 32 ? text.substring(0, 32) + "..." : text;
        throw problem(
                HttpStatus.BAD_REQUEST,
                "Invalid top",
                "'top' must be a whole number from 1 to " + MAX_TOP + ", not '" + shown + "'");
    }

    private static StatsWindow window(String from, String to) {
        try {
            return StatsWindow.parse(from, to);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid time window", e.getMessage());
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
