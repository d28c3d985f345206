package dev.pipeline.cli.progress;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether progress bars can be drawn: only on a real terminal, never into a pipe, file or CI log. */
public final class Terminal {

    private Terminal() {
    }

    public static boolean isInteractive() {
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    /**
     * Since JDK 22 {@code System.console()} is not null even when output is redirected; its
     * {@code isTerminal()} tells the truth but does not exist on 21, the oldest JDK we support.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        }
        catch (ReflectiveOperationException ex) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
