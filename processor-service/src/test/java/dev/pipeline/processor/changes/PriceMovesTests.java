package dev.pipeline.processor.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PriceMovesTests {

    @Test
    void keepsTheLargestAbsoluteMovesLargestFirstWhateverTheOrderTheyCome() {
        List<double[]> offers = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            offers.add(new double[] {i, 100, 100 + (i % 2 == 0 ? i : -i)}); // id, from, to: |change| = i
        }
        Collections.shuffle(offers, new Random(17));
        PriceMoves moves = new PriceMoves(10);
        offers.forEach(o -> moves.offer("s", Integer.toString((int) o[0]), o[1], o[2], () -> "t"));

        List<PriceMoves.Move> largest = moves.largest();

        assertThat(largest).hasSize(10);
        assertThat(largest)
                .extracting(PriceMoves.Move::id)
                .containsExactly("50", "49", "48", "47", "46", "45", "44", "43", "42", "41");
        assertThat(largest.get(1).change()).isEqualByComparingTo("-49");
        assertThat(largest.get(1).changePercent()).isEqualByComparingTo("-49");
    }

    @Test
    void tiesGoBySourceThenIdAndAnUnmovedPriceIsNoMove() {
        PriceMoves moves = new PriceMoves(2);
        moves.offer("b", "1", 10, 15, () -> "b1");
        moves.offer("a", "2", 10, 5, () -> "a2");
        moves.offer("a", "1", 20, 25, () -> "a1");
        moves.offer("a", "0", 20, 20, () -> "same");

        assertThat(moves.largest()).extracting(m -> m.source() + m.id()).containsExactly("a1", "a2");
    }

    @Test
    void aTitleIsReadOnlyForAMoveThatIsKept() {
        PriceMoves moves = new PriceMoves(1);
        AtomicInteger titles = new AtomicInteger();
        moves.offer("s", "1", 1, 100, () -> "t" + titles.incrementAndGet());
        moves.offer("s", "2", 1, 2, () -> "t" + titles.incrementAndGet());

        assertThat(titles).hasValue(1);
        assertThat(moves.largest().getFirst().title()).isEqualTo("t1");
    }

    @Test
    void aMoveFromZeroHasNoPercentAndFiguresPrintAsTheyAre() {
        PriceMoves moves = new PriceMoves(1);
        moves.offer("s", "1", 0, 9.99, () -> "t");
        PriceMoves.Move move = moves.largest().getFirst();

        assertThat(move.changePercent()).isNull();
        assertThat(move.change().toPlainString()).isEqualTo("9.99");
        assertThat(new PriceMoves.Move("s", "2", null, 0.1, 0.3).change().toPlainString())
                .as("exact in decimal, not 0.19999999999999998")
                .isEqualTo("0.2");
    }
}
