package dev.pipeline.common.report;

/**
 * Every key of a run's report ({@code <runId>.json}) and of an abandoned-run marker
 * ({@code <runId>.abandoned}), named once: the processor writes with these and every reader (the
 * processor's stats and retention, the CLI) reads with them. The original's keys keep the
 * original's names. {@code report.schema.json} and {@code abandoned.schema.json} beside this class
 * say which are required and of what type; a test holds the two to the same names.
 */
public final class ReportKeys {

    /** The report's sections, in the order they are written. */
    public static final String SUMMARY = "summary";

    /**
     * Only in the report of a run that declared quality gates (absent otherwise, so a run without
     * gates reads as before), right after the summary: a reader of the run's state stops there.
     */
    public static final String QUALITY = "quality";

    /**
     * Right after the summary (and {@code quality}): what changed against each item's previous
     * known state. Written in every report since it was added; a report written before lacks it.
     */
    public static final String CHANGES = "changes";

    public static final String PRODUCTS = "products";
    public static final String ERRORS = "errors";
    public static final String METRICS = "metrics";

    private ReportKeys() {}

    /** {@code summary}: one object. */
    public static final class Summary {
        public static final String RUN_ID = "run_id";
        public static final String TOTAL_PRODUCTS = "total_products";
        public static final String TOTAL_ERRORS = "total_errors";
        public static final String PROCESSING_TIME_SECONDS = "processing_time_seconds";
        public static final String SUCCESS_RATE = "success_rate";
        public static final String SOURCES = "sources";
        public static final String STARTED_AT = "started_at";
        public static final String FINISHED_AT = "finished_at";
        /** After the original's keys: records the run published that were gone before they were read. */
        public static final String INCOMPLETE = "incomplete";

        public static final String MISSING_RECORDS = "missing_records";

        private Summary() {}
    }

    /** One element of {@code products}: these keys, then the product's attributes by name. */
    public static final class Products {
        public static final String ID = "id";
        public static final String TITLE = "title";
        public static final String SOURCE = "source";
        public static final String PRICE = "price";
        public static final String CATEGORY = "category";
        public static final String PROCESSED_AT = "processed_at";
        public static final String FETCHED_AT = "fetched_at";

        private Products() {}
    }

    /** One element of {@code errors}. */
    public static final class Errors {
        public static final String ENDPOINT = "endpoint";
        public static final String ERROR = "error";
        public static final String TIMESTAMP = "timestamp";
        public static final String SOURCE = "source";
        public static final String KIND = "kind";
        public static final String ATTEMPTS = "attempts";

        private Errors() {}
    }

    /** {@code metrics}: one object. */
    public static final class Metrics {
        public static final String PRICE_METRICS = "price_metrics";
        public static final String CATEGORY_DISTRIBUTION = "category_distribution";
        public static final String SOURCE_REQUEST_COUNTS = "source_request_counts";
        public static final String SOURCE_STATS = "source_stats";

        private Metrics() {}
    }

    /** {@code metrics.price_metrics}. */
    public static final class Prices {
        public static final String MIN_PRICE = "min_price";
        public static final String MAX_PRICE = "max_price";
        public static final String AVERAGE_PRICE = "average_price";
        public static final String MEDIAN_PRICE = "median_price";
        public static final String VALID_PRICE_COUNT = "valid_price_count";

        private Prices() {}
    }

    /** One source's entry of {@code metrics.source_stats}. */
    public static final class SourceStats {
        public static final String REQUESTS = "requests";
        public static final String SUCCEEDED = "succeeded";
        public static final String FAILED = "failed";
        public static final String RETRIED = "retried";
        public static final String ITEMS = "items";
        public static final String INVALID_ITEMS = "invalid_items";

        private SourceStats() {}
    }

    /** {@code quality}: one object. */
    public static final class Quality {
        /** Whether any gate was missed: the run ended {@code DEGRADED}. */
        public static final String DEGRADED = "degraded";
        /** Every gate checked, in source then gate order (see {@link Gate}). */
        public static final String GATES = "gates";

        private Quality() {}
    }

    /** One element of {@code quality.gates}: one gate of one source, checked. */
    public static final class Gate {
        public static final String SOURCE = "source";
        /** {@code min_items}, {@code max_invalid_ratio} or {@code max_drop_vs_last_run}. */
        public static final String GATE = "gate";
        /** The bound the source declared. */
        public static final String EXPECTED = "expected";
        /** The run's figure; {@code null} when it has none to compare (no previous run). */
        public static final String ACTUAL = "actual";

        public static final String PASSED = "passed";
        /** The figure's terms, in words: what was counted, or why the gate passed without one. */
        public static final String DETAIL = "detail";

        private Gate() {}
    }

    /** {@code changes}: one object; the counts are the sums of {@code by_source}'s. */
    public static final class Changes {
        /** Whether they could be computed; when not, every count is {@code null} and {@link #REASON} says why. */
        public static final String AVAILABLE = "available";

        public static final String REASON = "reason";
        /** The latest earlier report of a run started with all of this run's sources; {@code null} when none. */
        public static final String AGAINST_RUN = "against_run";
        /** The sources fetched incrementally (only what changed): none of their items is counted removed. */
        public static final String INCREMENTAL = "incremental";

        public static final String ADDED = "added";
        public static final String REMOVED = "removed";
        public static final String PRICE_CHANGED = "price_changed";
        public static final String CATEGORY_CHANGED = "category_changed";
        public static final String UNCHANGED = "unchanged";
        /** Items whose state before the run the catalogue no longer held (two later runs published them first). */
        public static final String UNKNOWN = "unknown";

        public static final String BY_SOURCE = "by_source";
        /** At most ten {@link PriceMove}s, the largest absolute change first. */
        public static final String LARGEST_PRICE_MOVES = "largest_price_moves";

        private Changes() {}
    }

    /** One source's entry of {@code changes.by_source}. */
    public static final class SourceChanges {
        /** The latest earlier report of a run that fetched the source; {@code null} when none. */
        public static final String AGAINST_RUN = "against_run";

        public static final String INCREMENTAL = "incremental";
        public static final String ADDED = "added";
        public static final String REMOVED = "removed";
        public static final String PRICE_CHANGED = "price_changed";
        public static final String CATEGORY_CHANGED = "category_changed";
        public static final String UNCHANGED = "unchanged";
        public static final String UNKNOWN = "unknown";
        /** The first removed ids in report order, at most 100: {@link #REMOVED} says whether that is all. */
        public static final String REMOVED_IDS = "removed_ids";

        private SourceChanges() {}
    }

    /** One element of {@code changes.largest_price_moves}. */
    public static final class PriceMove {
        public static final String SOURCE = "source";
        public static final String ID = "id";
        public static final String TITLE = "title";
        public static final String FROM = "from";
        public static final String TO = "to";
        /** {@code to - from}. */
        public static final String CHANGE = "change";
        /** The change in percent of {@code from}, rounded to 2 decimals; {@code null} when {@code from} is 0. */
        public static final String CHANGE_PERCENT = "change_percent";

        private PriceMove() {}
    }

    /** An abandoned-run marker, {@code <runId>.abandoned}: one object (see {@link AbandonedMarker}). */
    public static final class Marker {
        public static final String RUN_ID = "run_id";
        public static final String STATE = "state";
        public static final String REASON = "reason";
        public static final String ABANDONED_AT = "abandoned_at";
        public static final String LAST_ACTIVITY_AT = "last_activity_at";
        public static final String PRODUCTS_READ = "products_read";
        public static final String ERRORS_READ = "errors_read";

        private Marker() {}
    }
}
