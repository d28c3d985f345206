package dev.pipeline.processor.report;

import dev.pipeline.processor.run.RunStore;
import java.io.IOException;
import org.apache.kafka.common.KafkaException;
import org.rocksdb.RocksDBException;

/**
 * Tells a failure of the environment from a failure of a run's own. A disk that cannot be
 * written (full, read-only, gone), an object store that does not answer or refuses (which
 * {@code store.S3ReportStore} reports as an {@link IOException}), a run store that cannot be opened, or Kafka not answering while
 * a run's range is read: nothing about the run, and trying again later is right, however long it
 * takes — never a {@code report_failed} error, never a run given up. Anything else (arithmetic,
 * serialisation, a bug its data triggers) is the run's own: it would fail the same way next time.
 */
final class Failures {

    private Failures() {}

    static boolean environmental(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException
                    || cause instanceof RunStore.StoreException
                    || cause instanceof RocksDBException
                    || cause instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }

    /** One line: the innermost cause's type and message (a stack trace is for the log). */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null
                ? ""
                : ": " + cause.getMessage().lines().findFirst().orElse("");
        return cause.getClass().getSimpleName() + message;
    }
}
