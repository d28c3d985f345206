package dev.pipeline.cli.run;

/** Receives each look at a run while it is watched: progress bars, plain lines, or nothing. */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(RunSnapshot progress);
}
