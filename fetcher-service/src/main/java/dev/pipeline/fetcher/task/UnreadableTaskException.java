package dev.pipeline.fetcher.task;

/** A task no fetcher can carry out, however often it tries: it goes to the dead-letter topic at once. */
class UnreadableTaskException extends RuntimeException {

    UnreadableTaskException(String message) {
        super(message);
    }
}
