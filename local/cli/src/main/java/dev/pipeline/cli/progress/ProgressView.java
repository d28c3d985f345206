package dev.pipeline.cli.progress;

import dev.pipeline.cli.run.ProgressListener;
import dev.pipeline.cli.run.RunSnapshot;
import java.io.PrintWriter;
import java.time.Duration;

/** How a watched run shows its progress: bars on a terminal, a plain line now and then otherwise. */
public interface ProgressView extends ProgressListener, AutoCloseable {

    /** How often plain progress lines may appear when there is no terminal to draw bars on. */
    Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    static ProgressView choose(boolean quiet, boolean interactive, PrintWriter err) {
        if (quiet) {
            return new Silent();
        }
        return interactive ? new ProgressBars() : new PlainProgress(err, PLAIN_INTERVAL);
    }

    @Override
    void close();

    /** For {@code --quiet}. */
    final class Silent implements ProgressView {

        @Override
        public void onProgress(RunSnapshot progress) {}

        @Override
        public void close() {}
    }
}
