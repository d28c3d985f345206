package dev.pipeline.cli;

/** {@link CommandRun} for tests in other packages. */
public record CliTestRun(int exitCode, String out, String err, String interleaved) {

    public static CliTestRun of(String... args) {
        CommandRun run = CommandRun.of(args);
        return new CliTestRun(run.exitCode(), run.out(), run.err(), run.interleaved());
    }
}
