package dev.pipeline.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * One in-process execution of the {@code pipeline} command, with what it printed: on stdout, on
 * stderr, and both as a terminal would show them ({@code interleaved}, for what comes before what).
 */
record CommandRun(int exitCode, String out, String err, String interleaved) {

    static CommandRun of(String... args) {
        StringBuffer both = new StringBuffer();
        Tee out = new Tee(both);
        Tee err = new Tee(both);
        int exitCode = PipelineCli.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(exitCode, out.own.toString(), err.own.toString(), both.toString());
    }

    /** One stream's text, also appended to what both streams wrote. */
    private static final class Tee extends Writer {
        private final StringBuffer own = new StringBuffer();
        private final StringBuffer both;

        Tee(StringBuffer both) {
            this.both = both;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            synchronized (both) {
                own.append(chars, offset, length);
                both.append(chars, offset, length);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
