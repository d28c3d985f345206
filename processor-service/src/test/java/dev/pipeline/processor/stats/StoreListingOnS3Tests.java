package dev.pipeline.processor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.store.ObjectStoreServer;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.S3ReportStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link StoreListingContractTests} on a bucket ({@code store=s3}, S3Mock), a prefix per test. */
class StoreListingOnS3Tests extends StoreListingContractTests {

    private static final String BUCKET = "stats";

    private static ObjectStoreServer server;
    private static S3Client client;

    @TempDir
    Path work;

    private String prefix;

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

    @Override
    protected ReportStore newStore() {
        prefix = "t-" + UUID.randomUUID() + "/";
        return new S3ReportStore(client, BUCKET, prefix, work);
    }

    @Override
    protected void putByHand(String runId, byte[] content) {
        client.putObject(put -> put.bucket(BUCKET).key(prefix + runId + ".json"), RequestBody.fromBytes(content));
    }

    /** A listing is a request per 1,000 keys here: kept a few seconds. */
    @Test
    void aBucketsListingIsKeptForAFewSeconds() {
        assertThat(newStore().listingReuse()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
}
