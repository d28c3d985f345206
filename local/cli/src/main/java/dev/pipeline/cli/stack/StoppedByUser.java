package dev.pipeline.cli.stack;

/** The run was stopped from outside (Ctrl-C): whatever failed afterwards is the stop, not a fault. */
public final class StoppedByUser extends PipelineFailure {

    /** The shell's convention for a process ended by SIGINT. */
    public static final int EXIT_CODE = 130;

    public StoppedByUser() {
        super("stopped");
    }
}
