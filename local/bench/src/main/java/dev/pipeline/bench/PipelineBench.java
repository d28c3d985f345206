package dev.pipeline.bench;

import dev.pipeline.cli.PipelineCli;
import picocli.CommandLine;

/**
 * The entry point of {@code pipeline-bench.jar}, which {@code ./pipeline bench} runs: the
 * {@code pipeline} command with {@code bench} added, so the benchmark parses, prints its help and
 * fails (exit codes, one-line usage errors) exactly as the CLI's own commands do, while the CLI's
 * jar carries no benchmark code.
 */
public final class PipelineBench {

    private PipelineBench() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** {@link PipelineCli#commandLine()} with its error handling, plus {@code bench}. */
    public static CommandLine commandLine() {
        return PipelineCli.commandLine().addSubcommand(new BenchCommand());
    }
}
