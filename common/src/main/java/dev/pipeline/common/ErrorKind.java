package dev.pipeline.common;

import java.util.Locale;

/** Why something fetched did not become a product; its wire name is the lower-case constant. */
public enum ErrorKind {
    /** The upstream answered with an HTTP error status after the retries. */
    HTTP_ERROR,
    /** No connection could be made. */
    CONNECT_ERROR,
    /** The upstream did not answer in time. */
    TIMEOUT,
    /** The source's circuit breaker rejected the call. */
    CIRCUIT_OPEN,
    /** The page was not JSON, or the items were not where the source says. */
    MALFORMED_PAGE,
    /** An item failed validation; the rest of its page is kept. */
    INVALID_ITEM,
    /** A Kafka record of the run could not be read (it went to the dead-letter topic). */
    UNREADABLE_RECORD,
    /** A fetch task failed again and again and went to the dead-letter topic; its pages were not fetched. */
    TASK_FAILED,
    /**
     * The processor could not write the run's full report for a reason of the run's own (a bug its
     * data triggers), after its tries: the report was written with what could be, and this error says what failed.
     */
    REPORT_FAILED,
    /**
     * Records the run published were gone from Kafka before the processor read them (compaction
     * superseded them, or retention deleted them): its report is incomplete. Only the processor says so.
     */
    RECORDS_LOST,
    /**
     * A source's credentials could not be had: its OAuth2 token endpoint refused the client, failed
     * or could not be reached (after the page's retries). The page was not requested.
     */
    AUTH_FAILED,
    /**
     * An incremental source had more pages than its {@code pagination.max-pages}: the pages past the
     * cap were not fetched, so its cursor did not advance (it would have passed them).
     */
    PAGES_CAPPED,
    /**
     * A GraphQL source answered a page with errors (a non-empty {@code errors} array) or without
     * data ({@code data} null or missing), though with HTTP 200: the page's items are not there.
     */
    GRAPHQL_ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
