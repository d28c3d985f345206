package dev.pipeline.cli;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.ServiceProcess;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.cli.stack.StoppedByUser;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The no-Docker {@code docker compose up}: the stack {@code run} starts, kept running with no run
 * of its own, its addresses printed, until Ctrl-C (or SIGTERM) stops everything it started. Its
 * services listen on free ports picked at random, so {@code status} and {@code report} find them
 * in {@code .pipeline/up.json} ({@link UpState}). Lifecycle lines go to stderr, the addresses to stdout.
 */
@Command(
        name = "up",
        sortOptions = false,
        description = {
            "Start a Kafka broker, both services and (unless real sources are named) the stand-in "
                    + "upstream locally, print their URLs, and keep them running until Ctrl-C, which stops "
                    + "everything it started. Start runs with POST /api/runs on the fetcher; status and report "
                    + "find these services by themselves while they run.",
            "An instance that dies while another of its service lives is reported and the rest keep serving.",
            "Exit codes: 1 the broker, the stand-in upstream or a service's last instance died (or the "
                    + "start failed), 2 a bad argument, 130 stopped."
        })
final class UpCommand implements Callable<Integer> {

    /** How often it looks at its processes. */
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private static final String ROW = "%-18s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() {
        StackSettings settings = options.settings();
        // Logs of their own: a run beside it (the command it prints) would write over .pipeline/logs.
        PipelineHome home = PipelineHome.locate().withLogsIn("up");
        try (LocalStack stack = LocalStack.start(home, settings, this::say, this::say)) {
            URI upstream = stack.upstreamUrl()
                    .or(() -> Optional.ofNullable(options.upstreamUrl))
                    .orElse(null);
            UpState state = new UpState(
                    ProcessHandle.current().pid(),
                    stack.bootstrapServers(),
                    upstream,
                    stack.fetcherUrls(),
                    stack.processorUrls(),
                    settings.outputDir().toString());
            Path file = UpState.file(home);
            state.write(file);
            stack.onStop(() -> UpState.deleteIfOwn(file, state.pid()));
            print(stack, state, home, !settings.apiKey().isEmpty());
            keepRunning(stack);
        }
        return 0;
    }

    /** Until a death it cannot carry on after (a failure), or Ctrl-C ({@link StoppedByUser}). */
    private static void keepRunning(LocalStack stack) {
        while (true) {
            stack.ensureRunning();
            try {
                Thread.sleep(WATCH_EVERY);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new StoppedByUser();
            }
        }
    }

    private void print(LocalStack stack, UpState state, PipelineHome home, boolean apiKey) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.printf(ROW, "kafka", state.bootstrapServers());
        if (state.upstream() != null) {
            out.printf(ROW, "stand-in upstream", state.upstream());
        }
        stack.fetcherInstances().forEach(fetcher -> endpoints(out, fetcher));
        stack.processorInstances().forEach(processor -> endpoints(out, processor));
        out.printf(ROW, "reports", state.out());
        out.printf(ROW, "logs", home.root().relativize(home.logsDir()) + "/");
        out.println();
        URI fetcher = state.fetchers().getFirst();
        String key = apiKey ? "-H \"X-API-Key: $PIPELINE_SECURITY_API_KEY\" " : "";
        out.printf(ROW, "start a run", "curl -X POST " + key + fetcher.resolve("/api/runs"));
        out.printf(ROW, "follow it", "./pipeline status RUN");
        out.printf(ROW, "its summary", "./pipeline report RUN");
        out.printf(
                ROW,
                "a CLI run on it",
                String.join(" ", runCommand(state)) + "   (its services join these till it ends)");
        out.println();
        out.println("status and report find these services in " + home.root().relativize(UpState.file(home))
                + " while this runs (elsewhere: --fetcher "
                + base(fetcher) + " --processor " + base(state.processors().getFirst()) + ").");
        out.println("Ctrl-C stops everything this started.");
        out.flush();
    }

    private static void endpoints(PrintWriter out, ServiceProcess service) {
        URI base = service.baseUrl();
        out.printf(ROW, service.name(), base.resolve("/api/runs"));
        out.printf(ROW, "", base.resolve("/swagger-ui.html"));
        out.printf(ROW, "", base.resolve("/actuator/health"));
    }

    /**
     * {@code run} on this broker, with the same sources, stand-in upstream and output directory: its
     * services join these (the same consumer groups), so either side's fetchers may take its tasks
     * (and take only pages of the sources they know, at the URLs they know), and either side's
     * processors may write its report.
     */
    private List<String> runCommand(UpState state) {
        List<String> command =
                new ArrayList<>(List.of("./pipeline", "run", "--bootstrap-servers", state.bootstrapServers()));
        if (state.upstream() != null) {
            command.addAll(List.of("--upstream-url", base(state.upstream())));
        }
        command.addAll(options.sourceArgs());
        command.addAll(List.of("--out", state.out().toString()));
        return command.stream().map(UpCommand::shellQuoted).toList();
    }

    private static String shellQuoted(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static String base(URI url) {
        return url.toString().replaceAll("/$", "");
    }

    private void say(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
