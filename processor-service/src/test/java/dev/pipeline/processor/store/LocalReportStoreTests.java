package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.report.ReportFiles;
import dev.pipeline.processor.TestProcessorProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** The contract on the output directory, and what only a directory of this host has. */
class LocalReportStoreTests extends ReportStoreContractTests {

    @TempDir
    Path root;

    private Path output;

    @Override
    protected ReportStore store() throws IOException {
        output = root.resolve("out");
        return new LocalReportStore(TestProcessorProperties.with(output, root.resolve("work")));
    }

    @Test
    void aWriteThatFailsLeavesNoFileNoTargetAndNoDigestThread() throws Exception {
        ReportStore store = store();
        byte[] megabyte = new byte[1 << 20];

        assertThatThrownBy(() -> store.write("run-1", ReportStore.Kind.REPORT, out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(megabyte); // past the digest's first chunk: its thread is reading
                    }
                    throw new IOException("the report's source failed");
                }))
                .hasMessage("the report's source failed");

        assertThat(ReportFiles.report(output, "run-1")).doesNotExist();
        try (Stream<Path> left = Files.list(output)) {
            assertThat(left).as("the temporary file").isEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the digest's thread is stopped with the write, not left behind")
                .noneMatch(thread -> thread.getName().startsWith("digest-") && thread.isAlive());
        assertThat(store.write("run-1", ReportStore.Kind.REPORT, out -> out.write(megabyte))
                        .bytes())
                .isEqualTo(1 << 20);
    }

    @Test
    void objectsAreTheOutputDirectorysFilesAndTheirLocationIsTheFilesUri() throws Exception {
        ReportStore store = store();

        Stored report = store.write("run-1", ReportStore.Kind.REPORT, out -> out.write('{'));
        Stored marker = store.write("run-2", ReportStore.Kind.MARKER, out -> out.write('{'));

        Path file = ReportFiles.report(output, "run-1").toAbsolutePath();
        assertThat(file).hasContent("{");
        assertThat(ReportFiles.marker(output, "run-2")).hasContent("{");
        assertThat(report.location()).isEqualTo(file.toUri().toString());
        assertThat(Locations.shown(report.location())).isEqualTo(file.toString());
        assertThat(Locations.shown(marker.location()))
                .isEqualTo(ReportFiles.marker(output, "run-2").toAbsolutePath().toString());
        assertThat(report.lastModified())
                .isEqualTo(Files.getLastModifiedTime(file).toInstant());
        assertThat(store.scratchDirectory()).isEqualTo(output);
        assertThat(store.describe()).isEqualTo(output.toAbsolutePath().toString());
    }

    @Test
    void theListingIgnoresScratchFilesDirectoriesAndOtherNames() throws Exception {
        ReportStore store = store();
        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write('{'));
        String scratch = ReportFiles.scratchName("run-1");
        Files.writeString(ReportFiles.temporaryReport(output, scratch), "{\"summary\": {");
        Files.writeString(ReportFiles.prices(output, scratch), "1.0");
        Files.writeString(ReportFiles.rows(output, scratch), "{}");
        Files.writeString(ReportFiles.temporaryMarker(output, "run-2"), "{");
        Files.writeString(output.resolve("readme.txt"), "not a report");
        Files.writeString(output.resolve("not a run id.json"), "{}");
        Files.createDirectories(output.resolve("run-9.json"));

        assertThat(store.list())
                .extracting(stored -> stored.runId() + stored.kind().suffix())
                .containsExactly("run-1.json");
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileBehind() throws Exception {
        ReportStore store = store();

        assertThatThrownBy(() -> store.write("run-1", ReportStore.Kind.REPORT, out -> {
                    out.write("{\"summary\": ".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk on fire");
                }))
                .hasMessage("disk on fire");
        assertThatThrownBy(() -> store.write("run-2", ReportStore.Kind.MARKER, out -> {
                    throw new IOException("disk on fire");
                }))
                .hasMessage("disk on fire");

        try (Stream<Path> files = Files.list(output)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anOutputDirectoryDeletedWhileRunningIsMadeAgainByTheNextWrite() throws Exception {
        ReportStore store = store();
        FileSystemUtils.deleteRecursively(output);

        assertThat(store.list()).isEmpty();
        store.write("run-1", ReportStore.Kind.MARKER, out -> out.write('{'));

        assertThat(ReportFiles.marker(output, "run-1")).exists();
    }

    @Test
    void aFileInPlaceOfTheOutputDirectoryFailsTheWrite() throws Exception {
        ReportStore store = store();
        FileSystemUtils.deleteRecursively(output);
        Files.writeString(output, "not a directory");

        assertThatThrownBy(() -> store.write("run-1", ReportStore.Kind.REPORT, out -> out.write('{')))
                .isInstanceOf(IOException.class);
        assertThat(output).hasContent("not a directory");
    }
}
