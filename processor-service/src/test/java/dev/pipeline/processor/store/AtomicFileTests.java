package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link AtomicFile} checks before a file becomes its target. */
class AtomicFileTests {

    @TempDir
    Path root;

    @Test
    void aFileThatHoldsMoreThanWasWrittenAndDigestedNeverBecomesTheTarget() throws Exception {
        Path target = root.resolve("run-1.json");
        Path temporary = root.resolve(".run-1.json.tmp");

        assertThatThrownBy(() -> AtomicFile.write(target, temporary, out -> {
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // Bytes that reach the file past the writer: its SHA-256 would not cover them.
                    Files.write(temporary, "tail".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds 6 bytes, but 2 were written to it and digested");

        assertThat(target).doesNotExist();
        assertThat(temporary).doesNotExist();
    }

    @Test
    void aWholeWriteBecomesTheTargetWithTheSizeAndDigestOfItsBytes() throws Exception {
        Path target = root.resolve("run-1.json");
        byte[] content = "{\"run\":1}".getBytes(StandardCharsets.UTF_8);

        AtomicFile.Written written =
                AtomicFile.write(target, root.resolve(".run-1.json.tmp"), out -> out.write(content));

        assertThat(target).hasBinaryContent(content);
        assertThat(written.bytes()).isEqualTo(content.length);
        assertThat(written.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }
}
