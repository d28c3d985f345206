package dev.pipeline.cli.progress;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether progress bars can be drawn: only on a real terminal, never into a pipe, file or CI log. */
public final class Terminal {

    private Terminal() {}

    /** Bars are drawn on stderr: it must be a terminal too, so {@code 2>run.log} stays free of them. */
    public static boolean isInteractive() {
        Console console = System.console();
        return console != null && isTerminal(console) && stderrMayBeATerminal();
    }

    /**
     * Where the OS tells (Linux's {@code /proc/self/fd/2}), whether stderr goes to a terminal
     * device; elsewhere there is no telling from Java, and the console check alone decides.
     */
    static boolean stderrMayBeATerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException ex) {
            return true;
        }
    }

    /**
     * Since JDK 22 {@code System.console()} is not null even when output is redirected; its
     * {@code isTerminal()} tells the truth but does not exist on 21, the oldest JDK we support.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException ex) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
