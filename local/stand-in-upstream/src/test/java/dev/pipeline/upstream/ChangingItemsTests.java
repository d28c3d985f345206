package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangingItemsTests {

    private static final int SIZE = 50;
    private static final Set<String> CATEGORIES =
            ProductLine.ALL.stream().map(ProductLine::category).collect(Collectors.toSet());

    @Nested
    class Determinism {

        @Test
        void theSameSizeAndGenerationGiveTheSameItems() {
            assertThat(ChangingItems.at(SIZE, 7)).isEqualTo(ChangingItems.at(SIZE, 7));
        }

        @Test
        void generationsDiffer() {
            assertThat(ChangingItems.at(SIZE, 1)).isNotEqualTo(ChangingItems.at(SIZE, 0));
            assertThat(ChangingItems.at(SIZE, 2)).isNotEqualTo(ChangingItems.at(SIZE, 1));
        }

        @Test
        void aServerAdvancingStepByStepServesWhatAtComputes() {
            ChangingGenerations generations = new ChangingGenerations(SIZE);
            for (int g = 1; g <= 5; g++) {
                assertThat(generations.advance()).isEqualTo(g);
            }

            assertThat(generations.generation()).isEqualTo(5);
            assertThat(generations.current().items()).isEqualTo(ChangingItems.at(SIZE, 5));
        }
    }

    @Nested
    class GenerationZero {

        private final List<ChangingItem> items = ChangingItems.at(SIZE, 0);

        @Test
        void holdsIdsOneToSizeUpdatedAtOrBeforeBase() {
            assertThat(items).extracting(ChangingItem::id).containsExactlyInAnyOrderElementsOf(range(1, SIZE));
            assertThat(items).allSatisfy(item -> assertThat(item.updatedAt()).isBeforeOrEqualTo(ChangingItems.BASE));
        }

        @Test
        void isInServedOrder() {
            assertThat(items).isSortedAccordingTo(ChangingItems.SERVED_ORDER);
            assertThat(items.stream().map(ChangingItem::updatedAt).distinct()).hasSizeGreaterThan(SIZE / 2);
        }

        @Test
        void itemsLookLikeProducts() {
            assertThat(items).allSatisfy(item -> {
                assertThat(item.title()).isNotBlank();
                assertThat(item.category()).isIn(CATEGORIES);
                assertThat(item.price().scale()).isEqualTo(2);
                assertThat(item.price()).isGreaterThanOrEqualTo(new BigDecimal("0.50"));
            });
        }
    }

    @Nested
    class EachGeneration {

        @ParameterizedTest
        @ValueSource(ints = {50, 1_000})
        void changesPricesCategoriesRemovesAndAddsAboutTenPercent(int size) {
            int prices = Math.max(1, size / 25);
            int others = Math.max(1, size / 50);
            List<ChangingItem> previous = ChangingItems.at(size, 0);
            int highestId = size;
            for (int g = 1; g <= 8; g++) {
                List<ChangingItem> current = ChangingItems.at(size, g);
                Diff diff = Diff.between(previous, current);

                assertThat(diff.priceChanged()).as("generation %d", g).hasSize(prices);
                assertThat(diff.categoryChanged()).as("generation %d", g).hasSize(others);
                assertThat(diff.removed()).as("generation %d", g).hasSize(others);
                assertThat(diff.added()).as("generation %d", g).hasSize(others);
                assertThat(diff.other())
                        .as("an item changed in two ways, or its title changed")
                        .isEmpty();
                assertThat(current).hasSize(size);
                int floor = highestId;
                assertThat(diff.added())
                        .allSatisfy(item -> assertThat(item.id()).isGreaterThan(floor));
                highestId = current.stream().mapToInt(ChangingItem::id).max().orElseThrow();
                previous = current;
            }
            assertThat(prices + 3 * others).isBetween(size / 12, size / 8); // roughly 10 %
        }

        @Test
        void changedAndAddedItemsCarryTheGenerationsStampAndTheRestKeepTheirs() {
            for (int g = 1; g <= 5; g++) {
                List<ChangingItem> previous = ChangingItems.at(SIZE, g - 1);
                List<ChangingItem> current = ChangingItems.at(SIZE, g);
                Diff diff = Diff.between(previous, current);
                Instant stamp = ChangingItems.BASE.plusSeconds(3_600L * g);

                assertThat(ChangingItems.updatedAt(g)).isEqualTo(stamp);
                assertThat(diff.touched())
                        .allSatisfy(item -> assertThat(item.updatedAt()).isEqualTo(stamp));
                assertThat(diff.unchanged())
                        .allSatisfy(item -> assertThat(item.updatedAt()).isBefore(stamp));
                assertThat(current.stream().filter(item -> item.updatedAt().equals(stamp)))
                        .containsExactlyInAnyOrderElementsOf(diff.touched());
                assertThat(current).isSortedAccordingTo(ChangingItems.SERVED_ORDER);
            }
        }

        @Test
        void aNewPriceMovesAndANewCategoryIsAnother() {
            Diff diff = Diff.between(ChangingItems.at(SIZE, 2), ChangingItems.at(SIZE, 3));

            assertThat(diff.priceChanged()).allSatisfy(item -> {
                assertThat(item.price().scale()).isEqualTo(2);
                assertThat(item.price()).isGreaterThanOrEqualTo(new BigDecimal("0.50"));
            });
            assertThat(diff.categoryChanged())
                    .allSatisfy(item -> assertThat(item.category()).isIn(CATEGORIES));
        }
    }

    @Nested
    class UpdatedAfter {

        @Test
        void keepsOnlyItemsUpdatedStrictlyAfterTheCursor() {
            List<ChangingItem> items = ChangingItems.at(SIZE, 3);

            assertThat(ChangingItems.updatedAfter(items, ChangingItems.updatedAt(3)))
                    .isEmpty();
            assertThat(ChangingItems.updatedAfter(items, ChangingItems.updatedAt(2)))
                    .isNotEmpty()
                    .allSatisfy(item -> assertThat(item.updatedAt()).isEqualTo(ChangingItems.updatedAt(3)));
            assertThat(ChangingItems.updatedAfter(items, Instant.MIN)).isEqualTo(items);
        }

        @Test
        void afterBaseIsEveryItemTouchedSinceGenerationZeroThatIsStillThere() {
            List<ChangingItem> now = ChangingItems.at(SIZE, 2);
            Set<Integer> nowIds = now.stream().map(ChangingItem::id).collect(Collectors.toSet());
            Set<ChangingItem> touched = new HashSet<>();
            touched.addAll(Diff.between(ChangingItems.at(SIZE, 0), ChangingItems.at(SIZE, 1))
                    .touched());
            touched.addAll(Diff.between(ChangingItems.at(SIZE, 1), now).touched());
            Set<Integer> expected = touched.stream()
                    .map(ChangingItem::id)
                    .filter(nowIds::contains)
                    .collect(Collectors.toSet());

            assertThat(ChangingItems.updatedAfter(now, ChangingItems.BASE))
                    .extracting(ChangingItem::id)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void refusesSizesTooSmallForEveryKindOfChangeAndNegativeGenerations() {
        assertThat(ChangingItems.at(ChangingItems.MIN_SIZE, 3)).hasSize(ChangingItems.MIN_SIZE);
        assertThatIllegalArgumentException().isThrownBy(() -> ChangingItems.at(ChangingItems.MIN_SIZE - 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> ChangingItems.at(SIZE, -1));
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    /** How one generation differs from the one before, item by item. */
    private record Diff(
            List<ChangingItem> priceChanged,
            List<ChangingItem> categoryChanged,
            List<ChangingItem> removed,
            List<ChangingItem> added,
            List<ChangingItem> other,
            List<ChangingItem> unchanged) {

        static Diff between(List<ChangingItem> before, List<ChangingItem> after) {
            Map<Integer, ChangingItem> old = byId(before);
            Map<Integer, ChangingItem> now = byId(after);
            List<ChangingItem> prices = new ArrayList<>();
            List<ChangingItem> categories = new ArrayList<>();
            List<ChangingItem> added = new ArrayList<>();
            List<ChangingItem> other = new ArrayList<>();
            List<ChangingItem> unchanged = new ArrayList<>();
            for (ChangingItem item : after) {
                ChangingItem was = old.get(item.id());
                if (was == null) {
                    added.add(item);
                } else if (was.equals(item)) {
                    unchanged.add(item);
                } else if (sameBut(was, item)
                        && was.price().compareTo(item.price()) != 0
                        && was.category().equals(item.category())) {
                    prices.add(item);
                } else if (sameBut(was, item)
                        && was.price().equals(item.price())
                        && !was.category().equals(item.category())) {
                    categories.add(item);
                } else {
                    other.add(item);
                }
            }
            List<ChangingItem> removed =
                    before.stream().filter(item -> !now.containsKey(item.id())).toList();
            return new Diff(prices, categories, removed, added, other, unchanged);
        }

        /** Changed or added: what carries the generation's stamp. */
        List<ChangingItem> touched() {
            return Stream.of(priceChanged, categoryChanged, added, other)
                    .flatMap(List::stream)
                    .toList();
        }

        private static boolean sameBut(ChangingItem was, ChangingItem item) {
            return was.title().equals(item.title());
        }

        private static Map<Integer, ChangingItem> byId(List<ChangingItem> items) {
            return items.stream().collect(Collectors.toMap(ChangingItem::id, Function.identity()));
        }
    }
}
