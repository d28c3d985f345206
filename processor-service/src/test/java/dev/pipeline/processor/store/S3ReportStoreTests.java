package dev.pipeline.processor.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.processor.store.ReportStore.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3ReportStore} against a real S3-compatible server (S3Mock, a process of its own): the
 * {@link ReportStore} contract ({@link ReportStoreContractTests}), and what is the object store's own:
 * keys under the prefix, listing pages, the checksum kept with the object, scratch files. Every test has a prefix of its own in the one bucket.
 */
class S3ReportStoreTests extends ReportStoreContractTests {

    private static final String BUCKET = "reports";

    private static ObjectStoreServer server;
    private static S3Client client;

    @TempDir
    Path work;

    private String prefix;
    private S3ReportStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = ObjectStoreServer.start(BUCKET);
        client = server.client();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t-" + UUID.randomUUID() + "/";
        store = new S3ReportStore(client, BUCKET, prefix, work);
    }

    @Override
    protected ReportStore store() {
        return store;
    }

    @Test
    void theSha256IsKeptWithTheObjectForAnyReader() throws Exception {
        byte[] body = "{\"abandoned\":true}".getBytes(UTF_8);

        store.write("run-2", Kind.MARKER, out -> out.write(body));

        // Sent as the object's SHA-256 checksum too (AWS S3 verifies and keeps it); S3Mock 5.2 keeps
        // neither, so what every server keeps, the user metadata, is what find falls back to (the header
        // on the wire: S3ReportStoreWireTests).
        var head = client.headObject(h -> h.bucket(BUCKET).key(prefix + "run-2.abandoned"));
        assertThat(head.metadata()).containsEntry("sha256", sha256(body));
        assertThat(new S3ReportStore(client, BUCKET, prefix, work).find("run-2", Kind.MARKER))
                .get()
                .extracting(Stored::sha256)
                .isEqualTo(sha256(body));
    }

    /** A reader of a report's head closes it early: the rest is not read, and the store goes on as before. */
    @Test
    void anObjectLeftBeforeItsEndStillLeavesTheStoreReadingWholeObjects() throws Exception {
        byte[] content = new byte[8 * 1024 * 1024 + 5];
        new SplittableRandom(7).nextBytes(content);
        store.write("run-9", Kind.REPORT, out -> out.write(content));

        for (int i = 0; i < 3; i++) {
            try (InputStream in = store.open("run-9", Kind.REPORT)) {
                assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(content, 100));
            }
        }

        try (InputStream in = store.open("run-9", Kind.REPORT)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.find("run-9", Kind.REPORT)).isPresent();
    }

    @Test
    void anObjectWrittenWithoutAChecksumIsFoundWithAnUnknownSha256() throws Exception {
        client.putObject(put -> put.bucket(BUCKET).key(prefix + "run-3.json"), RequestBody.fromString("{}"));

        Stored found = store.find("run-3", Kind.REPORT).orElseThrow();

        assertThat(found.bytes()).isEqualTo(2);
        // No SHA-256 checksum, no metadata: unknown, never made up.
        assertThat(found.sha256()).isNull();
    }

    @Test
    void aContentThatFailsHalfwayLeavesNoObjectAndNoScratchFile() throws Exception {
        assertThatThrownBy(() -> store.write("run-4", Kind.REPORT, out -> {
                    out.write(new byte[1 << 20]);
                    throw new IllegalStateException("the run's own bug");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the run's own bug");

        assertThat(store.find("run-4", Kind.REPORT)).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void theListIgnoresKeysThatAreNoReportOrMarkerDirectlyUnderThePrefix() throws Exception {
        store.write("run-7", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));
        store.write("run-8", Kind.MARKER, out -> out.write("{}".getBytes(UTF_8)));
        for (String other : List.of(
                prefix + "notes.txt",
                prefix + "nested/run-9.json",
                prefix + ".run-10.json",
                prefix + "run-11.json.tmp",
                prefix + "run 12.json",
                prefix + ".json",
                "elsewhere/run-13.json")) {
            client.putObject(put -> put.bucket(BUCKET).key(other), RequestBody.fromString("{}"));
        }

        assertThat(store.list())
                .extracting(Stored::runId, Stored::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("run-7", Kind.REPORT),
                        org.assertj.core.groups.Tuple.tuple("run-8", Kind.MARKER));
    }

    @Test
    void theListReadsEveryPage() throws Exception {
        S3ReportStore smallPages = new S3ReportStore(client, BUCKET, prefix, work, 2);
        for (int i = 0; i < 7; i++) {
            smallPages.write("run-p" + i, Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));
        }

        assertThat(smallPages.list()).extracting(Stored::runId).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void aMissingObjectIsNotFoundAndOpeningItIsNoSuchFile() throws Exception {
        assertThat(store.find("run-none", Kind.REPORT)).isEmpty();
        assertThat(store.isDone("run-none")).isFalse();
        assertThatThrownBy(() -> store.open("run-none", Kind.REPORT))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("s3://" + BUCKET + "/" + prefix + "run-none.json");
    }

    @Test
    void twoPrefixesInOneBucketAreTwoStores() throws Exception {
        S3ReportStore other = new S3ReportStore(client, BUCKET, prefix + "other-", work);
        store.write("run-15", Kind.REPORT, out -> out.write("mine".getBytes(UTF_8)));
        other.write("run-16", Kind.REPORT, out -> out.write("theirs".getBytes(UTF_8)));

        assertThat(client.headObject(h -> h.bucket(BUCKET).key(prefix + "run-15.json"))
                        .contentLength())
                .isEqualTo(4);
        assertThat(client.headObject(h -> h.bucket(BUCKET).key(prefix + "other-run-16.json"))
                        .contentLength())
                .isEqualTo(6);
        assertThat(store.find("run-16", Kind.REPORT)).isEmpty();
        assertThat(other.find("run-15", Kind.REPORT)).isEmpty();
        assertThat(other.list()).extracting(Stored::runId).containsExactly("run-16");
        // "other-run-16.json" is under this store's prefix too, but "other-run-16" is a valid run id:
        // a prefix should end with a separator no run id has ('/'), as the default and README say.
        assertThat(store.list()).extracting(Stored::runId).contains("run-15");
    }

    @Test
    void anEmptyPrefixIsTheBucketsTopLevel() throws Exception {
        String runId = "run-top-" + UUID.randomUUID();
        S3ReportStore top = new S3ReportStore(client, BUCKET, "", work);

        Stored written = top.write(runId, Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));

        assertThat(written.location()).isEqualTo("s3://" + BUCKET + "/" + runId + ".json");
        assertThat(top.list()).extracting(Stored::runId).contains(runId);
        assertThat(top.describe()).isEqualTo("s3://" + BUCKET + "/");
        top.delete(runId, Kind.REPORT);
    }

    @Test
    void scratchFilesAreInTheWorkDirectoryUnderANameNoRunIdTakesRecreatedAfterTheStartupWipe() throws Exception {
        assertThat(store.scratchDirectory()).isEqualTo(work.resolve(".reports-scratch"));
        assertThat(store.describe()).isEqualTo("s3://" + BUCKET + "/" + prefix);

        store.write("run-17", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));
        org.springframework.util.FileSystemUtils.deleteRecursively(store.scratchDirectory()); // what RunLedger does
        store.write("run-18", Kind.REPORT, out -> out.write("{}".getBytes(UTF_8)));

        assertThat(store.find("run-18", Kind.REPORT)).isPresent();
    }

    @Test
    void theScratchDirectoryIsThereWhenAskedForAfterTheStartupWipe() throws IOException {
        org.springframework.util.FileSystemUtils.deleteRecursively(work.resolve(".reports-scratch"));

        // The report's spilled prices and rows go here before any upload: it must exist, or every
        // report fails (and the outage probe, which writes here, never lets one through).
        assertThat(store.scratchDirectory()).isDirectory();
    }

    private List<Path> scratchFiles() throws IOException {
        if (!Files.isDirectory(store.scratchDirectory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(store.scratchDirectory())) {
            return files.toList();
        }
    }
}
