package dev.pipeline.processor.catalog;

import dev.pipeline.common.original.SourceNames;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/catalog?source=&limit=&cursor=}: the latest state of every item, a page at a
 * time in key order, each with the run that last saw it. Parameters are taken as text and checked
 * here, so a bad one is a 400 naming it rather than a type-conversion error.
 */
@RestController
@RequestMapping("/api/catalog")
class CatalogController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    CatalogPage page(
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        String only = source(source);
        int size = limit(limit);
        byte[] after = cursor(cursor);
        if (!catalog.enabled()) {
            throw problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Catalogue off",
                    "this instance keeps no catalogue (pipeline.processor.catalog.enabled is false)");
        }
        return catalog.page(only, after, size);
    }

    private static String source(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!SourceNames.isValid(text)) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid source",
                    "'source' must be a source name (" + SourceNames.RULE + "), not '" + shown(text) + "'");
        }
        return text;
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw problem(
                HttpStatus.BAD_REQUEST,
                "Invalid limit",
                "'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + shown(text) + "'");
    }

    private static byte[] cursor(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Cursor.key(text);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid cursor", "'cursor' " + e.getMessage());
        }
    }

    private static String shown(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
