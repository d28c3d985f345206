package dev.pipeline.processor.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.SourceExpectations;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Each gate on its own, at and just past its bound, and the drop gate without a run to compare with. */
class GateCheckTests {

    private static GateResult only(SourceExpectations expect, long products, long invalid, OptionalLong previous) {
        List<GateResult> results = GateCheck.check("shop", expect, products, invalid, previous);
        assertThat(results).hasSize(1);
        return results.getFirst();
    }

    @Test
    void minItemsPassesAtTheBoundAndFailsOneBelow() {
        SourceExpectations expect = new SourceExpectations(100L, null, null);

        GateResult at = only(expect, 100, 0, OptionalLong.empty());
        GateResult below = only(expect, 99, 0, OptionalLong.empty());

        assertThat(at.passed()).isTrue();
        assertThat(below.passed()).isFalse();
        assertThat(below.gate()).isEqualTo(Gate.MIN_ITEMS);
        assertThat(below.expected()).isEqualByComparingTo("100");
        assertThat(below.actual()).isEqualByComparingTo("99");
        assertThat(below.reason()).isEqualTo("shop min_items: 99 products, at least 100 expected");
        assertThat(only(new SourceExpectations(0L, null, null), 0, 0, OptionalLong.empty())
                        .passed())
                .as("min-items 0 accepts an empty source")
                .isTrue();
    }

    @Test
    void maxInvalidRatioCountsInvalidItemsAgainstProductsPlusInvalidItemsExactlyAtTheBound() {
        SourceExpectations expect = new SourceExpectations(null, 0.1, null);

        // 10 invalid of 100 items: exactly 0.1
        GateResult at = only(expect, 90, 10, OptionalLong.empty());
        GateResult past = only(expect, 89, 11, OptionalLong.empty());

        assertThat(at.passed()).isTrue();
        assertThat(at.actual()).isEqualByComparingTo("0.1");
        assertThat(past.passed()).isFalse();
        assertThat(past.actual()).isEqualByComparingTo("0.11");
        assertThat(past.detail()).isEqualTo("11 invalid of 100 items (0.11), at most 0.1 expected");
        // 0.3 is no double: 3 of 10 compared in doubles could come out as 0.30000000000000004
        assertThat(only(new SourceExpectations(null, 0.3, null), 7, 3, OptionalLong.empty())
                        .passed())
                .isTrue();
    }

    @Test
    void maxInvalidRatioOfASourceWithNoItemsAtAllIsZero() {
        GateResult none = only(new SourceExpectations(null, 0.0, null), 0, 0, OptionalLong.empty());

        assertThat(none.passed()).isTrue();
        assertThat(none.actual()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void maxDropComparesWithTheLastCompleteRunExactlyAtTheBound() {
        SourceExpectations expect = new SourceExpectations(null, null, 0.1);

        GateResult at = only(expect, 90, 0, OptionalLong.of(100));
        GateResult past = only(expect, 89, 0, OptionalLong.of(100));
        GateResult grew = only(expect, 150, 0, OptionalLong.of(100));

        assertThat(at.passed())
                .as("1 - 90/100 is 0.1 exactly, not 0.09999999999999998")
                .isTrue();
        assertThat(at.actual()).isEqualByComparingTo("0.1");
        assertThat(past.passed()).isFalse();
        assertThat(past.actual()).isEqualByComparingTo("0.11");
        assertThat(past.detail())
                .isEqualTo("89 products, 100 in the last complete run (a drop of 0.11), at most 0.1 expected");
        assertThat(grew.passed()).isTrue();
        assertThat(grew.actual()).isEqualByComparingTo("-0.5");
    }

    @Test
    void maxDropPassesAndSaysSoWhenNoEarlierCompleteRunFetchedTheSource() {
        GateResult first = only(new SourceExpectations(null, null, 0.0), 0, 0, OptionalLong.empty());
        GateResult fromNothing = only(new SourceExpectations(null, null, 0.0), 0, 0, OptionalLong.of(0));

        assertThat(first.passed()).isTrue();
        assertThat(first.actual()).isNull();
        assertThat(first.detail()).isEqualTo("passes: no earlier complete run fetched shop, nothing to compare with");
        assertThat(fromNothing.passed()).isTrue();
    }

    @Test
    void maxDropPassesForASourceFetchedIncrementallyWhateverTheLastRunHad() {
        SourceExpectations expect = new SourceExpectations(null, null, 0.1);

        List<GateResult> full = GateCheck.check("shop", expect, 5, 0, OptionalLong.of(100), false);
        List<GateResult> incremental = GateCheck.check("shop", expect, 5, 0, OptionalLong.of(100), true);

        assertThat(full.getFirst().passed())
                .as("fetched whole, 5 of 100 is a drop")
                .isFalse();
        assertThat(incremental.getFirst().passed()).isTrue();
        assertThat(incremental.getFirst().actual()).isNull();
        assertThat(incremental.getFirst().reason()).contains("fetched incrementally");
    }

    @Test
    void everyGateDeclaredIsCheckedInOrderAndNoneUndeclared() {
        assertThat(GateCheck.check("shop", new SourceExpectations(1L, 0.5, 0.5), 10, 1, OptionalLong.of(10)))
                .extracting(GateResult::gate)
                .containsExactly(Gate.MIN_ITEMS, Gate.MAX_INVALID_RATIO, Gate.MAX_DROP_VS_LAST_RUN);
        assertThat(GateCheck.check("shop", SourceExpectations.NONE, 0, 0, OptionalLong.empty()))
                .isEmpty();
    }
}
