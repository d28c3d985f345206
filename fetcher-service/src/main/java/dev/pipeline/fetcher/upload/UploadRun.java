package dev.pipeline.fetcher.upload;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.RunEvent;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.publish.TaskOutput;
import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.source.FieldMapping;
import dev.pipeline.fetcher.source.SourcesProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Publishes an upload's files as the one task of its run, each file like a fetched page: every
 * item through the default {@link FieldMapping} and validation, becoming a product or an
 * {@code invalid_item} error; a file that does not parse is one {@code malformed_page} error and
 * publishes nothing.
 * The endpoint of each is {@code upload:<file name>}. Only the first
 * {@code pipeline.upload.max-item-errors} invalid items are errors of their own; the rest are
 * counted in one more (endpoint {@code upload}), so a file of a million bad items is not a million
 * error events. The whole upload is one Kafka transaction: past 9/10 of its timeout it gives up,
 * and its run fails with nothing of it committed.
 */
final class UploadRun implements RunLauncher.SuppliedItems {

    static final String SOURCE = SourcesProperties.UPLOAD;
    private static final Logger log = LoggerFactory.getLogger(UploadRun.class);

    private final List<ScannedFile> files;
    private final int maxItemErrors;
    private final CsvLimits csvLimits;
    private final Duration timeLimit;
    private final Runnable onDone;
    private final ItemMapper mapper = new ItemMapper(SOURCE, FieldMapping.DEFAULT);

    /**
     * @param timeLimit how long publishing may take, from its start
     * @param onDone    run once the files are read and discarded, however the run ended
     */
    UploadRun(List<ScannedFile> files, UploadProperties properties, Duration timeLimit, Runnable onDone) {
        this.files = List.copyOf(files);
        this.maxItemErrors = properties.maxItemErrors();
        this.csvLimits = properties.csvLimits();
        this.timeLimit = timeLimit;
        this.onDone = onDone;
    }

    @Override
    public void publish(TaskOutput output, SourceCounters counters) throws RunPublishException {
        String runId = output.runId();
        Budget budget = new Budget(System.nanoTime() + timeLimit.toNanos());
        try {
            for (ScannedFile file : files) {
                publish(file, output, counters, budget);
            }
            budget.summary().ifPresent(summary -> error(SOURCE, ErrorKind.INVALID_ITEM, summary, output, counters));
            budget.checkTime();
        } catch (OutOfTime e) {
            throw new RunPublishException(
                    runId,
                    new TimeoutException("the upload was not published within "
                            + describe(timeLimit)
                            + ", 9/10 of its Kafka transaction's timeout (transaction.timeout.ms): "
                            + "nothing of it was committed; send fewer items at once"));
        } finally {
            discard(files.stream().map(ScannedFile::file).toList());
            onDone.run();
        }
    }

    private void publish(ScannedFile scanned, TaskOutput output, SourceCounters counters, Budget budget) {
        String runId = output.runId();
        UploadedFile file = scanned.file();
        String endpoint = SOURCE + ":" + file.name();
        if (scanned.scan().isMalformed()) {
            error(endpoint, ErrorKind.MALFORMED_PAGE, scanned.scan().malformed(), output, counters);
            return;
        }
        Instant fetchedAt = Instant.now();
        int[] seen = new int[2];
        try {
            file.format().read(file.copy(), scanned.scan(), csvLimits, new ItemVisitor() {
                @Override
                public void item(long position, JsonNode item) {
                    budget.checkTime();
                    seen[0]++;
                    switch (mapper.map(item, runId, endpoint, fetchedAt)) {
                        case MappedItem.Product product -> output.product(product.record());
                        case MappedItem.Invalid bad -> {
                            seen[1]++;
                            String which = bad.externalId() == null ? "item " + position : "item " + bad.externalId();
                            invalid(which + ": " + bad.reason());
                        }
                    }
                }

                @Override
                public void invalid(long position, String reason) {
                    budget.checkTime();
                    seen[0]++;
                    seen[1]++;
                    invalid(reason);
                }

                private void invalid(String message) {
                    if (budget.listsAnother(file.name())) {
                        error(endpoint, ErrorKind.INVALID_ITEM, message, output, counters);
                    }
                }
            });
            counters.pageDone(seen[0], seen[1]);
        } catch (MalformedFileException e) {
            error(endpoint, ErrorKind.MALFORMED_PAGE, e.getMessage(), output, counters);
        } catch (OutOfTime e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            log.warn("run {}: uploaded file {} could not be read to the end: {}", runId, file.name(), e.toString());
            counters.pageDone(seen[0], seen[1]);
            error(
                    endpoint,
                    ErrorKind.MALFORMED_PAGE,
                    "could not be read to the end after " + seen[0] + " items: " + e.getMessage(),
                    output,
                    counters);
        }
    }

    private static void error(
            String endpoint, ErrorKind kind, String message, TaskOutput output, SourceCounters counters) {
        counters.errorRecorded();
        output.event(new RunEvent.FetchFailed(
                output.runId(), SOURCE, endpoint, message, kind.wireName(), 0, Instant.now(), output.attempt()));
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Deletes the local copies; called once the run has read them, or when the run never started. */
    static void discard(List<UploadedFile> files) {
        for (UploadedFile file : files) {
            try {
                Files.deleteIfExists(file.copy());
            } catch (IOException e) {
                log.warn("could not delete the upload copy {}: {}", file.copy(), e.toString());
            }
        }
    }

    /** An uploaded file and what its first read found. */
    record ScannedFile(UploadedFile file, FileScan scan) {}

    /** What one upload may still spend: time, and invalid items listed one by one. */
    private final class Budget {

        private final long deadline;
        private final Map<String, Long> unlisted = new LinkedHashMap<>();
        private int listed;

        Budget(long deadline) {
            this.deadline = deadline;
        }

        void checkTime() {
            if (System.nanoTime() - deadline > 0) {
                throw new OutOfTime();
            }
        }

        /** Whether this invalid item gets an error of its own; if not, it is counted for the summary. */
        boolean listsAnother(String fileName) {
            if (listed < maxItemErrors) {
                listed++;
                return true;
            }
            unlisted.merge(fileName, 1L, Long::sum);
            return false;
        }

        Optional<String> summary() {
            if (unlisted.isEmpty()) {
                return Optional.empty();
            }
            long total = unlisted.values().stream().mapToLong(Long::longValue).sum();
            return Optional.of("and " + total + " more invalid items ("
                    + unlisted.entrySet().stream()
                            .map(e -> e.getValue() + " in " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + "): only the first " + maxItemErrors + " of an upload are listed");
        }
    }

    /** The upload's time is up: nothing more of it can be committed. */
    private static final class OutOfTime extends RuntimeException {

        OutOfTime() {
            super("out of time", null, false, false);
        }
    }
}
