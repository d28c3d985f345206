package dev.pipeline.cli.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * Where child processes are started and their cleanups registered, so that one stop (also on
 * Ctrl-C, in the middle of starting) reaches every process and every directory made so far.
 */
public interface ProcessScope {

    /** No scope: whoever starts something stops it (tests that close what they start). */
    ProcessScope NONE = new ProcessScope() {

        @Override
        public ChildProcess launch(String name, List<String> command, Path log) {
            return ChildProcess.start(name, command, log);
        }

        @Override
        public void onStop(Runnable cleanup) {}
    };

    ChildProcess launch(String name, List<String> command, Path log);

    /** Runs after everything started later in this scope has stopped. */
    void onStop(Runnable cleanup);
}
