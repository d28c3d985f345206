package dev.pipeline.fetcher.task;

/** A task stopped part-way: its transaction is rolled back, and the task tried again or dead-lettered. */
class TaskAbortedException extends RuntimeException {

    TaskAbortedException(String message) {
        super(message);
    }
}
