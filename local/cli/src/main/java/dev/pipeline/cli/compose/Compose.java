package dev.pipeline.cli.compose;

import dev.pipeline.cli.stack.LogExcerpt;
import dev.pipeline.cli.stack.PipelineFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker compose} on one project: the repository's compose file plus overrides and the
 * profiles to enable, under a project name of its own, so that nothing it brings down belongs to
 * anyone else. Each command's output goes to one log file; a command that fails is a
 * {@link PipelineFailure} with that log's tail.
 */
final class Compose {

    private final String docker;
    private final String project;
    private final Path directory;
    private final List<Path> files;
    private final List<String> profiles;
    private final Path log;

    Compose(String docker, String project, Path directory, List<Path> files, Path log) {
        this(docker, project, directory, files, List.of(), log);
    }

    Compose(String docker, String project, Path directory, List<Path> files, List<String> profiles, Path log) {
        this.docker = docker;
        this.project = project;
        this.directory = directory;
        this.files = List.copyOf(files);
        this.profiles = List.copyOf(profiles);
        this.log = log;
    }

    /** Debian's /usr/bin/docker where it exists (it builds with BuildKit without buildx), else the PATH's; $DOCKER wins. */
    static String dockerCli() {
        String chosen = System.getenv("DOCKER");
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    String project() {
        return project;
    }

    /** {@code docker compose ARGS}, its output logged; fails naming the command. */
    void run(String... args) {
        exec(composeCommand(args), true);
    }

    /** {@code docker compose ARGS}'s standard output. */
    String output(String... args) {
        return exec(composeCommand(args), false);
    }

    /** A plain {@code docker ARGS}, its output logged. */
    void docker(String... args) {
        List<String> command = new ArrayList<>(List.of(docker));
        command.addAll(List.of(args));
        exec(command, true);
    }

    /** Where the host reaches a service instance's container port (1-based index), on the loopback address. */
    URI publishedUrl(String service, int index, int containerPort) {
        String published = output("port", "--index", Integer.toString(index), service, Integer.toString(containerPort))
                .strip();
        int colon = published.lastIndexOf(':');
        if (published.isEmpty() || colon < 0) {
            throw new PipelineFailure("%s #%d publishes no port for %d".formatted(service, index, containerPort));
        }
        return URI.create("http://127.0.0.1:" + published.substring(colon + 1) + "/");
    }

    /** The container of a service instance: compose names them {@code <project>-<service>-<index>}. */
    String containerName(String service, int index) {
        return project + "-" + service + "-" + index;
    }

    /** The last lines a service's containers logged (kept in a file beside the log), for a failure message. */
    LogExcerpt logTail(String service) {
        Path file = log.resolveSibling("compose-check-" + service + ".log");
        try {
            Files.writeString(file, exec(composeCommand("logs", "--no-color", "--tail", "200", service), false));
        } catch (IOException | RuntimeException ex) {
            return LogExcerpt.tail(log, LogExcerpt.DEFAULT_LINES);
        }
        return LogExcerpt.tail(file, LogExcerpt.DEFAULT_LINES);
    }

    private List<String> composeCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(docker, "compose", "-p", project));
        files.forEach(file -> command.addAll(List.of("-f", file.toString())));
        profiles.forEach(profile -> command.addAll(List.of("--profile", profile)));
        command.addAll(List.of(args));
        return command;
    }

    private String exec(List<String> command, boolean logOutput) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().putIfAbsent("DOCKER_BUILDKIT", "1");
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (logOutput) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            Process process = builder.start();
            process.getOutputStream().close();
            String output =
                    logOutput ? "" : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new PipelineFailure("`%s` did not end within 30 minutes".formatted(describe(command)));
            }
            if (process.exitValue() != 0) {
                throw new PipelineFailure(
                        "`%s` failed (exit %d)".formatted(describe(command), process.exitValue()),
                        LogExcerpt.tail(log, 20));
            }
            return output;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted during `" + describe(command) + "`", ex);
        }
    }

    /** The command without the repeated project and file options, as a person would type it. */
    private String describe(List<String> command) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String part = command.get(i);
            if ((part.equals("-p") || part.equals("-f")) && i + 1 < command.size()) {
                i++;
                continue;
            }
            shown.add(i == 0 ? "docker" : part);
        }
        return String.join(" ", shown);
    }
}
