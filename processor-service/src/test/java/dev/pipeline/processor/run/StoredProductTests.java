package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ProductRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the report reads of a stored product without decoding it is what decoding it gives. */
class StoredProductTests {

    @Test
    void priceCategoryAndJsonReadInPlaceAreWhatDecodeGives() throws IOException {
        Path directory = Files.createTempDirectory("stored-product");

        try (RunStore store = RunStore.open(directory)) {
            for (int i = 0; i < 50; i++) {
                byte[] value = StoredProduct.encode(product(i), Instant.ofEpochSecond(1_800_000_000L, i));
                byte[] key = SortKey.of("dummyjson", Integer.toString(i));
                store.putProduct(key, value);
            }
            List<StoredProduct> read = new ArrayList<>();
            List<byte[]> jsons = new ArrayList<>();
            // A scratch buffer smaller than the long products: those arrive as copies.
            long count = store.forEachProductValue(ByteBuffer.allocate(600), value -> {
                read.add(new StoredProduct(StoredProduct.price(value), StoredProduct.category(value), null));
                jsons.add(Arrays.copyOfRange(
                        value.array(), value.arrayOffset() + StoredProduct.jsonStart(value), value.limit()));
            });
            List<StoredProduct> decoded = new ArrayList<>();
            store.forEachProduct((key, value) -> decoded.add(StoredProduct.decode(value)));

            assertThat(count).isEqualTo(50).isEqualTo(store.productCount());
            assertThat(read)
                    .extracting(StoredProduct::price, StoredProduct::category)
                    .containsExactlyElementsOf(decoded.stream()
                            .map(p -> org.assertj.core.groups.Tuple.tuple(p.price(), p.category()))
                            .toList());
            assertThat(jsons)
                    .usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(
                            decoded.stream().map(StoredProduct::json).toList());
        }
    }

    private static ProductRecord product(int i) {
        return new ProductRecord(
                1,
                "run-1",
                "dummyjson",
                Integer.toString(i),
                "t".repeat(i % 7 == 0 ? 1_000 : 10) + "ö",
                i % 5 == 0 ? null : i * 1.25,
                i % 4 == 0 ? null : "kategorie-" + "ü".repeat(i % 3),
                "http://upstream/page",
                Instant.ofEpochSecond(1_700_000_000L + i),
                Map.of());
    }
}
