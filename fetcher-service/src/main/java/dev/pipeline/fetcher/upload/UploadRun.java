package dev.pipeline.fetcher.upload;

import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.RunEvent;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.publish.RunSink;
import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.source.FieldMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * Publishes an upload's files as a run, each file like a fetched page: every item through the
 * default {@link FieldMapping} and validation, becoming a product or an {@code invalid_item}
 * error; a file that does not parse is one {@code malformed_page} error and publishes nothing.
 * The endpoint of each is {@code upload:<file name>}.
 */
final class UploadRun implements RunLauncher.SuppliedItems {

    static final String SOURCE = SourcesProperties.UPLOAD;
    private static final Logger log = LoggerFactory.getLogger(UploadRun.class);

    private final List<UploadedFile> files;
    private final ItemMapper mapper = new ItemMapper(SOURCE, FieldMapping.DEFAULT);

    UploadRun(List<UploadedFile> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public void publish(String runId, RunSink sink, SourceCounters counters) {
        try {
            for (UploadedFile file : files) {
                publish(file, runId, sink, counters);
            }
        } finally {
            discard(files);
        }
    }

    private void publish(UploadedFile file, String runId, RunSink sink, SourceCounters counters) {
        String endpoint = SOURCE + ":" + file.name();
        Instant fetchedAt = Instant.now();
        int[] seen = new int[2];
        try {
            file.format().read(file.copy(), new ItemVisitor() {
                @Override
                public void item(long position, JsonNode item) {
                    seen[0]++;
                    switch (mapper.map(item, runId, endpoint, fetchedAt)) {
                        case MappedItem.Product product -> sink.product(product.record());
                        case MappedItem.Invalid bad -> {
                            seen[1]++;
                            String which = bad.externalId() == null ? "item " + position : "item " + bad.externalId();
                            error(runId, endpoint, ErrorKind.INVALID_ITEM, which + ": " + bad.reason(), sink, counters);
                        }
                    }
                }

                @Override
                public void invalid(long position, String reason) {
                    seen[0]++;
                    seen[1]++;
                    error(runId, endpoint, ErrorKind.INVALID_ITEM, reason, sink, counters);
                }
            });
            counters.pageDone(seen[0], seen[1]);
        } catch (MalformedFileException e) {
            error(runId, endpoint, ErrorKind.MALFORMED_PAGE, e.getMessage(), sink, counters);
        } catch (IOException | RuntimeException e) {
            log.warn("run {}: uploaded file {} could not be read to the end: {}", runId, file.name(), e.toString());
            counters.pageDone(seen[0], seen[1]);
            error(runId, endpoint, ErrorKind.MALFORMED_PAGE, "could not be read to the end after "
                    + seen[0] + " items: " + e.getMessage(), sink, counters);
        }
    }

    private static void error(String runId, String endpoint, ErrorKind kind, String message, RunSink sink,
                              SourceCounters counters) {
        counters.errorRecorded();
        sink.event(new RunEvent.FetchFailed(runId, SOURCE, endpoint, message, kind.wireName(), 0, Instant.now()));
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
}
