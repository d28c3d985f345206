package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.processor.TestProcessorProperties;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large file sent to the disk while it is written: a force that failed is never dropped, and no thread is left. */
class WritebackTests {

    @TempDir
    Path root;

    @Test
    void aForceThatFailedIsThrownByFinishBeforeTheFileIsUsed() throws Exception {
        Path file = root.resolve("file");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.close(); // every force of this thread fails, as a disk that fails the write-back would make it
        Writeback writeback = new Writeback(channel, "file");

        writeback.wrote(Writeback.STEP_BYTES); // a step written: its thread forces the file

        assertThatThrownBy(writeback::finish)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the file could not be written to the disk");
        assertNoWritebackThread();
    }

    @Test
    void aFileSmallerThanAStepStartsNoThreadAndForcesNothing() throws Exception {
        Path file = root.resolve("file");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.close(); // a force would fail: none is made
        Writeback writeback = new Writeback(channel, "file");

        writeback.wrote(Writeback.STEP_BYTES - 1);
        writeback.finish();

        assertNoWritebackThread();
    }

    @Test
    void aFileOfSeveralStepsIsWrittenWholeAndNoThreadIsLeft() throws Exception {
        ReportStore store =
                new LocalReportStore(TestProcessorProperties.with(root.resolve("out"), root.resolve("work")));
        byte[] megabyte = new byte[1 << 20];
        int megabytes = (int) (Writeback.STEP_BYTES >> 20) * 2 + 3;

        Stored written = store.write("run-1", ReportStore.Kind.REPORT, out -> {
            for (int i = 0; i < megabytes; i++) {
                Arrays.fill(megabyte, (byte) i);
                out.write(megabyte);
            }
        });

        Path report = ReportFiles.report(root.resolve("out"), "run-1");
        assertThat(written.bytes()).isEqualTo((long) megabytes << 20);
        byte[] back = Files.readAllBytes(report);
        assertThat(back).hasSize(megabytes << 20);
        assertThat(back[(megabytes - 1) << 20]).isEqualTo((byte) (megabytes - 1));
        assertThat(written.sha256()).isEqualTo(ReportStoreContractTests.sha256(back));
        assertNoWritebackThread();
    }

    private static void assertNoWritebackThread() {
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the write-back thread ends with the write")
                .noneMatch(thread -> thread.getName().startsWith("writeback-") && thread.isAlive());
    }
}
