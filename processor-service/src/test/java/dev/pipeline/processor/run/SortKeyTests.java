package dev.pipeline.processor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The store key fixes the report's product order, under RocksDB's default comparator (bytes,
 * unsigned, lexicographic): by source, then numeric ids by number, then the other ids as text.
 */
class SortKeyTests {

    /** RocksDB's default BytewiseComparator. */
    private static final Comparator<byte[]> BYTEWISE = Arrays::compareUnsigned;

    @Test
    void ordersNumericIdsByNumber() {
        assertThat(order("shop", "10", "9", "100", "2", "1", "11", "99", "1000000000000000000000"))
                .containsExactly("1", "2", "9", "10", "11", "99", "100", "1000000000000000000000");
    }

    @Test
    void putsTextIdsAfterNumericOnesInTextOrder() {
        assertThat(order("shop", "b", "10", "a-1", "9", "1a", "A", "é", "Z9", "2"))
                .containsExactly("2", "9", "10", "1a", "A", "Z9", "a-1", "b", "é");
    }

    @Test
    void ordersBySourceFirst() {
        List<String[]> products = new ArrayList<>(List.of(
                new String[] {"users", "1"},
                new String[] {"shop", "999999"},
                new String[] {"shop", "text"},
                new String[] {"catalog", "zzz"},
                new String[] {"shop2", "1"},
                new String[] {"shop-x", "1"},
                new String[] {"catalog", "5"},
                new String[] {"shop", "3"}));
        products.sort(Comparator.comparing(p -> SortKey.of(p[0], p[1]), BYTEWISE));
        assertThat(products.stream().map(p -> p[0] + ":" + p[1]).toList())
                .containsExactly(
                        "catalog:5",
                        "catalog:zzz",
                        "shop:3",
                        "shop:999999",
                        "shop:text",
                        "shop-x:1",
                        "shop2:1",
                        "users:1");
    }

    @Test
    void isTheSameForTheSameProductAndDifferentForDifferentOnes() {
        assertThat(SortKey.of("shop", "42")).isEqualTo(SortKey.of("shop", "42"));
        assertThat(SortKey.of("shop", "sku-1")).isEqualTo(SortKey.of("shop", "sku-1"));
        // Where the source ends and the id begins is not ambiguous.
        assertThat(SortKey.of("a:b", "c")).isNotEqualTo(SortKey.of("a", "b:c"));
        assertThat(SortKey.of("ab", "1")).isNotEqualTo(SortKey.of("a", "b1"));
        assertThat(SortKey.of("shop", "1")).isNotEqualTo(SortKey.of("shop1", ""));
    }

    @Test
    void agreesWithTheReportOrderOverRandomIds() {
        Random random = new Random(42);
        List<String> sources = List.of("a", "ab", "b", "shop", "shop2");
        List<String[]> products = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String source = sources.get(random.nextInt(sources.size()));
            String id = switch (random.nextInt(3)) {
                case 0 -> Long.toString(1 + (long) (random.nextDouble() * Math.pow(10, 1 + random.nextInt(15))));
                case 1 -> Long.toString(random.nextInt(1000) + 1, 36) + "-" + random.nextInt(100);
                default -> Integer.toString(random.nextInt(100_000) + 1);
            };
            products.add(new String[] {source, id});
        }
        Comparator<String[]> reportOrder = Comparator.<String[], String>comparing(p -> p[0])
                .thenComparing(p -> !isNumber(p[1]))
                .thenComparing((x, y) -> isNumber(x[1]) && isNumber(y[1])
                        ? Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]))
                        : x[1].compareTo(y[1]));
        List<String[]> expected = new ArrayList<>(products);
        expected.sort(reportOrder);
        List<String[]> byKey = new ArrayList<>(products);
        Collections.shuffle(byKey, random);
        byKey.sort(Comparator.comparing(p -> SortKey.of(p[0], p[1]), BYTEWISE));
        assertThat(byKey.stream().map(p -> p[0] + ":" + p[1]).toList())
                .containsExactlyElementsOf(
                        expected.stream().map(p -> p[0] + ":" + p[1]).toList());
    }

    private static List<String> order(String source, String... ids) {
        List<String> sorted = new ArrayList<>(List.of(ids));
        sorted.sort(Comparator.comparing(id -> SortKey.of(source, id), BYTEWISE));
        return sorted;
    }

    private static boolean isNumber(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
