package dev.pipeline.broker;

import java.util.Arrays;
import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Formats a fresh single-node KRaft storage directory, then runs the broker on it, in one JVM.
 *
 * <p>The format is Kafka's own ({@code kafka-storage.sh format --standalone}), called in process:
 * as a JVM of its own before the broker's, it took 2 s of a local run's start on two cores, with
 * every Kafka class it loads loaded again by the broker straight after.
 *
 * <p>Usage: {@code FormatThenRun <cluster id> <server.properties>}. A format that fails exits with
 * the storage tool's code (its message on stderr), before any broker starts.
 */
public final class FormatThenRun {

    private FormatThenRun() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FormatThenRun <cluster id> <server.properties>, got " + Arrays.toString(args));
            System.exit(2);
        }
        String clusterId = args[0];
        String serverProperties = args[1];
        int exit;
        try {
            exit = StorageTool.execute(
                    new String[] {"format", "--standalone", "-t", clusterId, "-c", serverProperties}, System.out);
        } catch (RuntimeException ex) {
            // what the tool's own main prints as one line (its FormatterException, TerseFailure), and a
            // configuration it cannot read
            System.err.println("kafka storage format failed: " + ex.getMessage());
            exit = 1;
        }
        if (exit != 0) {
            System.exit(exit);
        }
        Kafka.main(new String[] {serverProperties});
    }
}
