package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Categories counted from their bytes give the counts a map keyed by their decoded names gives. */
class CategoryCountsTests {

    @Test
    void countsAsAMapOfDecodedNamesWouldManyCategoriesInsideLargerArrays() {
        SplittableRandom random = new SplittableRandom(7);
        CategoryCounts counts = new CategoryCounts();
        Map<String, Long> expected = new HashMap<>();
        byte[] row = new byte[256];
        for (int i = 0; i < 200_000; i++) {
            // 1,000 categories: the table grows from 64 slots several times; some names are empty or non-ASCII.
            int n = random.nextInt(1_000);
            String name = switch (n) {
                case 0 -> "";
                case 1 -> "Küche & Haushalt";
                case 2 -> "家電";
                default -> "category-" + n;
            };
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int from = random.nextInt(row.length - bytes.length);
            random.nextBytes(row); // what surrounds the name must not count
            System.arraycopy(bytes, 0, row, from, bytes.length);
            counts.add(row, from, bytes.length);
            expected.merge(name, 1L, Long::sum);
        }
        assertThat(counts.byName()).isEqualTo(expected);
    }

    @Test
    void bytesThatDecodeToTheSameNameCountAsOne() {
        CategoryCounts counts = new CategoryCounts();
        // Two malformed sequences, each decoded to the replacement character: one name, as a String-keyed map counts
        // it.
        counts.add(new byte[] {(byte) 0xFF}, 0, 1);
        counts.add(new byte[] {(byte) 0xFE}, 0, 1);
        counts.add(new byte[] {(byte) 0xFE}, 0, 1);
        counts.add("books".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertThat(counts.byName()).isEqualTo(Map.of("\uFFFD", 3L, "books", 1L));
    }

    /** Names whose {@code String.hashCode} is one and the same, as hostile data can send: counted exactly. */
    @Test
    void categoriesMadeToCollideAreCountedApart() {
        CategoryCounts counts = new CategoryCounts();
        java.util.Map<String, Long> expected = new java.util.HashMap<>();
        for (int bits = 0; bits < 1 << 12; bits++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                name.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            byte[] utf8 = name.toString().getBytes(StandardCharsets.UTF_8);
            for (int times = 0; times <= bits % 3; times++) {
                counts.add(utf8, 0, utf8.length);
                expected.merge(name.toString(), 1L, Long::sum);
            }
        }

        assertThat(expected.keySet().stream()
                        .mapToInt(String::hashCode)
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(counts.byName()).isEqualTo(expected);
    }

    @Test
    void nothingCountedIsNoCategories() {
        assertThat(new CategoryCounts().byName()).isEmpty();
    }
}
