package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CatalogTests {

    private static final CatalogSize TEN_THOUSAND = new CatalogSize(10_000, 1_000, 500);

    private final Catalog catalog = new Catalog(TEN_THOUSAND, 42);

    @Nested
    class Determinism {

        @Test
        void sameSeedGivesTheSameItems() {
            Catalog again = new Catalog(TEN_THOUSAND, 42);

            assertThat(again.product(777)).isEqualTo(catalog.product(777));
            assertThat(again.post(77)).isEqualTo(catalog.post(77));
            assertThat(again.user(7)).isEqualTo(catalog.user(7));
        }

        @Test
        void anotherSeedGivesOtherItems() {
            Catalog other = new Catalog(TEN_THOUSAND, 43);

            assertThat(other.product(777)).isNotEqualTo(catalog.product(777));
            assertThat(other.post(77)).isNotEqualTo(catalog.post(77));
            assertThat(other.user(7)).isNotEqualTo(catalog.user(7));
        }

        @Test
        void anItemDoesNotDependOnTheCatalogueSize() {
            Catalog bigger = new Catalog(new CatalogSize(1_000_000, 1_000, 500), 42);

            assertThat(bigger.product(9_999)).isEqualTo(catalog.product(9_999));
        }
    }

    @Nested
    class Products {

        private final List<GeneratedProduct> products =
                IntStream.rangeClosed(1, 10_000).mapToObj(catalog::product).toList();

        @Test
        void pricesHaveTwoDecimalsWithinTheAllowedBand() {
            assertThat(products).allSatisfy(product -> {
                assertThat(product.price()).isBetween(0.50, 2_000.00);
                assertThat(Math.round(product.price() * 100) / 100.0).isEqualTo(product.price());
            });
        }

        @Test
        void pricesRepeatAndRiseAndFall() {
            Set<Double> distinct = new HashSet<>();
            products.forEach(product -> distinct.add(product.price()));
            boolean falls = IntStream.range(1, products.size())
                    .anyMatch(i -> products.get(i).price() < products.get(i - 1).price());

            assertThat(distinct).hasSizeLessThan(products.size()).hasSizeGreaterThan(1_000);
            assertThat(falls).isTrue();
        }

        @Test
        void twentyCategoriesAllInUse() {
            assertThat(products)
                    .extracting(GeneratedProduct::category)
                    .hasSameElementsAs(
                            ProductLine.ALL.stream().map(ProductLine::category).toList());
            assertThat(ProductLine.ALL).hasSize(20);
        }

        @Test
        void everyTwentyFifthProductHasNoBrand() {
            assertThat(products)
                    .allSatisfy(product -> assertThat(product.brand() == null).isEqualTo(product.id() % 25 == 0));
        }

        @Test
        void figuresStayInTheirRanges() {
            assertThat(products).allSatisfy(product -> {
                assertThat(product.title()).isNotBlank();
                assertThat(product.description()).startsWith("The " + product.title() + " is a ");
                assertThat(product.discountPercentage()).isBetween(0.0, 20.0);
                assertThat(product.rating()).isBetween(1.0, 5.0);
                assertThat(product.stock()).isBetween(0, 150);
                assertThat(product.tags()).hasSize(2).first().isEqualTo(product.category());
                assertThat(List.of(
                                product.dimensions().width(),
                                product.dimensions().height(),
                                product.dimensions().depth()))
                        .allSatisfy(centimetres -> assertThat(centimetres).isBetween(1.0, 100.0));
            });
        }

        @Test
        void skuEndsWithThePaddedId() {
            assertThat(catalog.product(42).sku()).endsWith("-000042");
            assertThat(catalog.product(25).sku()).contains("-GEN-");
        }
    }

    @Nested
    class PostsAndUsers {

        @Test
        void tenPostsPerUser() {
            assertThat(catalog.post(1).userId()).isEqualTo(1);
            assertThat(catalog.post(10).userId()).isEqualTo(1);
            assertThat(catalog.post(11).userId()).isEqualTo(2);
        }

        @Test
        void postBodiesHaveFourLines() {
            assertThat(catalog.post(5).body().split("\n")).hasSize(4);
        }

        @Test
        void userEmailsAreUniqueAndDeriveFromTheName() {
            GeneratedUser user = catalog.user(3);

            assertThat(user.email())
                    .isEqualTo((user.firstName() + "." + user.lastName()).toLowerCase() + "3@example.test");
            assertThat(IntStream.rangeClosed(1, 500)
                            .mapToObj(id -> catalog.user(id).email())
                            .distinct())
                    .hasSize(500);
        }
    }

    @Test
    void idsOutsideTheCatalogueAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.product(0));
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.product(10_001));
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.post(1_001));
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.user(501));
    }
}
