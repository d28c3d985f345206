package dev.pipeline.cli;

import dev.pipeline.cli.run.ServiceJson;
import dev.pipeline.cli.stack.PipelineFailure;
import dev.pipeline.cli.stack.PipelineHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * Where the services of a running {@code pipeline up} are, kept in {@code .pipeline/up.json} while
 * it runs: they listen on ports picked at random, and {@code status} and {@code report} read this
 * to find them when no URL is given.
 *
 * @param pid the {@code pipeline up} process: a file whose process is gone is stale and ignored
 * @param upstream the stand-in upstream's base URL, {@code null} when real sources are named
 * @param out where the processors write the reports
 */
record UpState(long pid, String bootstrapServers, URI upstream, List<URI> fetchers, List<URI> processors, String out) {

    static final String FILE_NAME = "up.json";

    UpState {
        fetchers = List.copyOf(fetchers);
        processors = List.copyOf(processors);
    }

    static Path file(PipelineHome home) {
        return home.runtimeDir().resolve(FILE_NAME);
    }

    /** The state of the {@code pipeline up} running from this repository, if one is. */
    static Optional<UpState> current() {
        try {
            return read(file(PipelineHome.locate()));
        } catch (PipelineFailure notInARepository) {
            return Optional.empty();
        }
    }

    /** Empty when there is no such file, it cannot be read, or its {@code pipeline up} has ended. */
    static Optional<UpState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            UpState state = ServiceJson.MAPPER.readValue(file.toFile(), UpState.class);
            boolean running =
                    ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
            return running && !state.fetchers().isEmpty() && !state.processors().isEmpty()
                    ? Optional.of(state)
                    : Optional.empty();
        } catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
            return Optional.empty(); // a file half-written by hand, or by another version: not ours to trust
        }
    }

    /** Whole or not at all: written beside the file, then renamed over it. */
    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(FILE_NAME + "." + pid + ".tmp");
            ServiceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        } catch (JacksonException ex) {
            throw new PipelineFailure("cannot write " + file + ": " + ex.getOriginalMessage(), ex);
        }
    }

    /** Deletes the file unless another {@code pipeline up} has written it since: that one is still running. */
    static void deleteIfOwn(Path file, long pid) {
        try {
            if (Files.isRegularFile(file)
                    && ServiceJson.MAPPER
                                    .readValue(file.toFile(), UpState.class)
                                    .pid()
                            == pid) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JacksonException ex) {
            // a file we cannot read is no state anyone can use; leaving it harms nothing
        }
    }
}
