package dev.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file a running {@code pipeline up} leaves for {@code status} and {@code report}. */
class UpStateTests {

    private static final long THIS_PROCESS = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void readsBackWhatARunningUpWrote() {
        Path file = dir.resolve(".pipeline/up.json");
        UpState state = state(THIS_PROCESS);

        state.write(file);

        assertThat(UpState.read(file)).contains(state);
        assertThat(dir.resolve(".pipeline"))
                .isDirectoryContaining(path -> path.equals(file))
                .isDirectoryNotContaining(path -> path.toString().endsWith(".tmp"));
    }

    @Test
    void ignoresTheFileOfAnUpThatHasEnded() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path file = dir.resolve("up.json");
        state(ended.pid()).write(file);

        assertThat(UpState.read(file)).isEmpty();
    }

    @Test
    void ignoresAFileItCannotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("up.json"), "{\"pid\": " + THIS_PROCESS + ", \"fetchers\": [");

        assertThat(UpState.read(file)).isEmpty();
        assertThat(UpState.read(dir.resolve("missing.json"))).isEmpty();
    }

    @Test
    void deletesItsOwnFileButNotOneAnotherUpWroteSince() {
        Path file = dir.resolve("up.json");
        state(THIS_PROCESS).write(file);

        UpState.deleteIfOwn(file, THIS_PROCESS + 1);
        assertThat(file).exists();
        UpState.deleteIfOwn(file, THIS_PROCESS);
        assertThat(file).doesNotExist();
    }

    private UpState state(long pid) {
        return new UpState(
                pid,
                "127.0.0.1:40717",
                URI.create("http://127.0.0.1:36149/"),
                List.of(URI.create("http://127.0.0.1:42043/"), URI.create("http://127.0.0.1:42044/")),
                List.of(URI.create("http://127.0.0.1:43111/")),
                dir.resolve("output").toString());
    }
}
