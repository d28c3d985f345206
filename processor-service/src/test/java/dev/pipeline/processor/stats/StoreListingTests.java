package dev.pipeline.processor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.TestProcessorProperties;
import dev.pipeline.processor.store.LocalReportStore;
import dev.pipeline.processor.store.ReportStore;
import dev.pipeline.processor.store.Stored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreListingContractTests} on the output directory ({@code store=local}). */
class StoreListingTests extends StoreListingContractTests {

    @TempDir
    Path root;

    private Path output;

    @Override
    protected ReportStore newStore() throws IOException {
        output = root.resolve("out");
        return new LocalReportStore(TestProcessorProperties.with(output, root.resolve("work")));
    }

    @Override
    protected void putByHand(String runId, byte[] content) throws IOException {
        Files.write(output.resolve(runId + ".json"), content);
    }

    /** A directory read costs little, and its files may be written or rewritten by hand: never kept. */
    @Test
    void theOutputDirectoryIsListedOnEveryCall() throws Exception {
        StoreListing listing = new StoreListing(newStore());
        assertThat(listing.reports()).isEmpty();

        putByHand("run-1", head("run-1", "2026-11-01T10:00:00Z", "shop"));

        assertThat(listing.reports()).extracting(Stored::runId).containsExactly("run-1");
    }
}
