package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --no-item}: the same workload, its source sending records without the item. */
class WorkloadTests {

    @Test
    void withoutItemSetsTheSourcesItemKeepToFalseAndSaysSo() {
        Workload products = Workload.products(1_000, 100);
        Workload bare = products.withoutItem();

        assertThat(bare.source()).containsEntry("fields", Map.of("item", Map.of("keep", false)));
        assertThat(bare.source()).containsAllEntriesOf(products.source());
        assertThat(bare.records()).isEqualTo(products.records());
        assertThat(bare.upstreamArgs()).isEqualTo(products.upstreamArgs());
        assertThat(bare.name()).isEqualTo("products-1000-no-item");
        assertThat(bare.title()).endsWith("without the item");
        assertThat(products.source()).doesNotContainKey("fields");
    }
}
