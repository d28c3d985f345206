package dev.pipeline.cli;

import dev.pipeline.cli.stack.LogExcerpt;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.StoppedByUser;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the CLI reports trouble: a usage error is one line and exit 2; a failure is one line, the
 * tail of the log that explains it, and exit 1. Never a stack trace.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().printf("%s: %s (see '%s --help')%n", name, oneLine(ex.getMessage()), name);
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (ex instanceof StoppedByUser) {
            err.printf("%s: stopped%n", name);
            err.flush();
            return StoppedByUser.EXIT_CODE;
        }
        if (ex instanceof PipelineFailure failure) {
            err.printf("%s: %s%n", name, oneLine(failure.getMessage()));
            failure.excerpt().filter(excerpt -> !excerpt.lines().isEmpty()).ifPresent(excerpt -> print(err, excerpt));
        } else {
            err.printf("%s: %s%n", name, oneLine(describe(ex)));
        }
        err.flush();
        return FAILURE;
    }

    private static void print(PrintWriter err, LogExcerpt excerpt) {
        err.printf("last %d lines of %s:%n", excerpt.lines().size(), excerpt.log());
        excerpt.lines().forEach(line -> err.println("  " + line));
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        String cause = ex.getCause() == null || ex.getCause().getMessage() == null
                ? ""
                : ": " + ex.getCause().getMessage();
        return (message == null ? ex.getClass().getSimpleName() : message) + cause;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
