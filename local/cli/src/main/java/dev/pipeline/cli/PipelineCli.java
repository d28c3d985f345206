package dev.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code pipeline} command: run the whole pipeline locally (once, or up until stopped), or look at running services. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        scope = CommandLine.ScopeType.INHERIT,
        subcommands = {
            RunCommand.class,
            UpCommand.class,
            StatusCommand.class,
            ReportCommand.class,
            CatalogCommand.class,
            dev.pipeline.cli.compose.ComposeCheckCommand.class,
            CommandLine.HelpCommand.class
        },
        description = "Fetches products from HTTP APIs through Kafka into one JSON report per run.")
public final class PipelineCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's error handling: usage errors exit 2, failures exit 1. */
    public static CommandLine commandLine() {
        CliErrors errors = new CliErrors();
        return new CommandLine(new PipelineCli())
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: run, up, status, report or help");
    }
}
