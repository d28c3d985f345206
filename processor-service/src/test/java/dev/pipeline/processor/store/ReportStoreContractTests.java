package dev.pipeline.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReportStore} promises, run against each kind of store by a subclass that makes
 * an empty one ({@link #store()}): an object is whole or absent, its checksum is that of what a
 * reader reads back, the listing has reports and markers and nothing else.
 */
public abstract class ReportStoreContractTests {

    /** A new, empty store; called once per test. */
    protected abstract ReportStore store() throws IOException;

    @Test
    void aWrittenReportIsFoundOpenedAndListedWithItsSizeAndChecksum() throws Exception {
        ReportStore store = store();
        byte[] content = "{\"summary\": {\"run_id\": \"run-1\"}}".getBytes(StandardCharsets.UTF_8);

        Stored written = store.write("run-1", ReportStore.Kind.REPORT, out -> out.write(content));

        assertThat(written.runId()).isEqualTo("run-1");
        assertThat(written.kind()).isEqualTo(ReportStore.Kind.REPORT);
        assertThat(written.location()).endsWith("run-1.json");
        assertThat(written.bytes()).isEqualTo(content.length);
        assertThat(written.sha256()).isEqualTo(sha256(content));
        assertThat(written.lastModified()).isNotNull();
        assertThat(read(store, "run-1", ReportStore.Kind.REPORT)).isEqualTo(content);
        Stored found = store.find("run-1", ReportStore.Kind.REPORT).orElseThrow();
        assertThat(found.location()).isEqualTo(written.location());
        assertThat(found.bytes()).isEqualTo(content.length);
        assertThat(found.sha256()).isIn(null, written.sha256());
        assertThat(store.list()).singleElement().satisfies(listed -> {
            assertThat(listed.runId()).isEqualTo("run-1");
            assertThat(listed.kind()).isEqualTo(ReportStore.Kind.REPORT);
            assertThat(listed.bytes()).isEqualTo(content.length);
            assertThat(listed.location()).isEqualTo(written.location());
        });
        assertThat(store.isDone("run-1")).isTrue();
        assertThat(store.isDone("run-2")).isFalse();
        assertThat(store.find("run-1", ReportStore.Kind.MARKER)).isEmpty();
    }

    /** What a kept listing (the stats' {@code StoreListing}) relies on to see this instance's writes at once. */
    @Test
    void everyWriteAndDeleteMovesTheCountOfChanges() throws Exception {
        ReportStore store = store();
        long before = store.changes();

        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write('1'));
        long written = store.changes();
        store.list();
        store.find("run-1", ReportStore.Kind.REPORT);
        long read = store.changes();
        store.delete("run-1", ReportStore.Kind.REPORT);

        assertThat(written).isGreaterThan(before);
        assertThat(read).as("reads change nothing").isEqualTo(written);
        assertThat(store.changes()).isGreaterThan(written);
    }

    @Test
    void theChecksumIsThatOfWhatIsReadBack() throws Exception {
        ReportStore store = store();
        byte[] content = new byte[3 * 1024 * 1024 + 17]; // past every buffer, in odd pieces
        new SplittableRandom(19).nextBytes(content);

        Stored written = store.write("run-big", ReportStore.Kind.REPORT, out -> {
            for (int at = 0; at < content.length; at += 1000) {
                out.write(content, at, Math.min(1000, content.length - at));
            }
        });

        byte[] back = read(store, "run-big", ReportStore.Kind.REPORT);
        assertThat(back).isEqualTo(content);
        assertThat(written.sha256()).isEqualTo(sha256(back));
        assertThat(written.bytes()).isEqualTo(back.length);
    }

    /**
     * A file appended in bulk (a report's products section: copied inside the kernel by a local
     * store) lands between what was written before and after it, and the checksum covers it.
     */
    @Test
    void aFileAppendedInBulkIsInTheObjectAndItsChecksum() throws Exception {
        ReportStore store = store();
        SplittableRandom random = new SplittableRandom(23);
        byte[] head = new byte[70_001]; // more than a buffer, so written and buffered both
        byte[] rows = new byte[9 * 1024 * 1024 + 5]; // past a step of the bulk copy
        byte[] tail = new byte[333];
        random.nextBytes(head);
        random.nextBytes(rows);
        random.nextBytes(tail);
        Path file = Files.createTempFile("rows", ".bin");
        Files.write(file, rows);

        Stored written = store.write("run-bulk", ReportStore.Kind.REPORT, out -> {
            out.write(head, 0, 17);
            out.write(head, 17, head.length - 17);
            ReportOutput.append(file, out);
            out.write(tail[0]);
            out.write(tail, 1, tail.length - 1);
        });

        byte[] expected = new byte[head.length + rows.length + tail.length];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(rows, 0, expected, head.length, rows.length);
        System.arraycopy(tail, 0, expected, head.length + rows.length, tail.length);
        byte[] back = read(store, "run-bulk", ReportStore.Kind.REPORT);
        assertThat(back).isEqualTo(expected);
        assertThat(written.sha256()).isEqualTo(sha256(expected));
        assertThat(written.bytes()).isEqualTo(expected.length);
        Files.delete(file);
    }

    @Test
    void aWriteThatFailsLeavesNothingAndNoPart() throws Exception {
        ReportStore store = store();

        assertThatThrownBy(() -> store.write("run-1", ReportStore.Kind.REPORT, out -> {
                    out.write(new byte[200_000]);
                    throw new IOException("the run's data broke the writer");
                }))
                .hasMessageContaining("the run's data broke the writer");

        assertThat(store.find("run-1", ReportStore.Kind.REPORT)).isEmpty();
        assertThat(store.isDone("run-1")).isFalse();
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.open("run-1", ReportStore.Kind.REPORT)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aWriteThatFailsLeavesTheObjectBeforeItWhole() throws Exception {
        ReportStore store = store();
        byte[] first = "{\"first\": true}".getBytes(StandardCharsets.UTF_8);
        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write(first));

        assertThatThrownBy(() -> store.write("run-1", ReportStore.Kind.REPORT, out -> {
                    out.write("{\"second\": ".getBytes(StandardCharsets.UTF_8));
                    throw new IllegalStateException("half way");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(read(store, "run-1", ReportStore.Kind.REPORT)).isEqualTo(first);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aSecondWriteReplacesTheFirst() throws Exception {
        ReportStore store = store();
        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
        byte[] second = "{\"a\": 22}".getBytes(StandardCharsets.UTF_8);

        Stored written = store.write("run-1", ReportStore.Kind.REPORT, out -> out.write(second));

        assertThat(read(store, "run-1", ReportStore.Kind.REPORT)).isEqualTo(second);
        assertThat(written.sha256()).isEqualTo(sha256(second));
        assertThat(store.find("run-1", ReportStore.Kind.REPORT).orElseThrow().bytes())
                .isEqualTo(second.length);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aMarkerIsItsRunsOtherKindOfObject() throws Exception {
        ReportStore store = store();
        byte[] marker = "{\"run_id\": \"run-2\"}".getBytes(StandardCharsets.UTF_8);

        Stored written = store.write("run-2", ReportStore.Kind.MARKER, out -> out.write(marker));

        assertThat(written.kind()).isEqualTo(ReportStore.Kind.MARKER);
        assertThat(written.location()).endsWith("run-2.abandoned");
        assertThat(store.isDone("run-2")).isTrue();
        assertThat(store.find("run-2", ReportStore.Kind.REPORT)).isEmpty();
        assertThat(read(store, "run-2", ReportStore.Kind.MARKER)).isEqualTo(marker);
        assertThat(store.list()).extracting(Stored::kind).containsExactly(ReportStore.Kind.MARKER);
    }

    @Test
    void deleteRemovesOneObjectAndIsQuietWhenItIsGone() throws Exception {
        ReportStore store = store();
        store.write("run-1", ReportStore.Kind.REPORT, out -> out.write('1'));
        store.write("run-1", ReportStore.Kind.MARKER, out -> out.write('2'));
        store.write("run-3", ReportStore.Kind.REPORT, out -> out.write('3'));

        store.delete("run-1", ReportStore.Kind.REPORT);
        store.delete("run-1", ReportStore.Kind.REPORT);
        store.delete("run-never", ReportStore.Kind.MARKER);

        assertThat(store.find("run-1", ReportStore.Kind.REPORT)).isEmpty();
        assertThat(store.find("run-1", ReportStore.Kind.MARKER)).isPresent();
        assertThat(store.list())
                .extracting(stored -> stored.runId() + stored.kind().suffix())
                .containsExactlyInAnyOrder("run-1.abandoned", "run-3.json");
        store.delete("run-1", ReportStore.Kind.MARKER);
        assertThat(store.isDone("run-1")).isFalse();
    }

    @Test
    void nothingIsFoundInAnEmptyStore() throws Exception {
        ReportStore store = store();

        assertThat(store.list()).isEqualTo(List.of());
        assertThat(store.find("run-1", ReportStore.Kind.REPORT)).isEmpty();
        assertThatThrownBy(() -> store.open("run-1", ReportStore.Kind.MARKER)).isInstanceOf(NoSuchFileException.class);
        assertThat(store.describe()).isNotBlank();
    }

    protected static byte[] read(ReportStore store, String runId, ReportStore.Kind kind) throws IOException {
        try (InputStream in = store.open(runId, kind)) {
            return in.readAllBytes();
        }
    }

    protected static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
