package dev.pipeline.processor.ingest;

/** A record that parsed but cannot be used (unknown version, invalid run id): dead-lettered, never retried. */
class UnreadableRecordException extends RuntimeException {

    UnreadableRecordException(String message) {
        super(message);
    }
}
