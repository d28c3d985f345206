package dev.pipeline.processor.changes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The largest price moves of a run, kept in a heap of at most {@code limit}: memory does not grow
 * with the run, and an item's title is read only when it gets in (a few dozen times for a million
 * items in any order). Larger absolute change first; ties by source, then id, so the list is the
 * same whichever instance makes it.
 */
final class PriceMoves {

    /** The order of the list: the largest move first. */
    static final Comparator<Move> LARGEST_FIRST = Comparator.comparingDouble(
                    (Move move) -> Math.abs(move.to() - move.from()))
            .reversed()
            .thenComparing(Move::source)
            .thenComparing(Move::id);

    private final int limit;
    /** The smallest kept move at its head, the first to go. */
    private final PriorityQueue<Move> kept;

    PriceMoves(int limit) {
        this.limit = limit;
        this.kept = new PriorityQueue<>(LARGEST_FIRST.reversed());
    }

    /** A price that moved; {@code title} is asked only if the move is kept. */
    void offer(String source, String id, double from, double to, Supplier<String> title) {
        if (from == to) {
            return;
        }
        Move candidate = new Move(source, id, null, from, to);
        if (kept.size() == limit) {
            if (LARGEST_FIRST.compare(candidate, kept.peek()) >= 0) {
                return;
            }
            kept.poll();
        }
        kept.add(new Move(source, id, title.get(), from, to));
    }

    /** The moves kept, the largest first. */
    List<Move> largest() {
        List<Move> moves = new ArrayList<>(kept);
        moves.sort(LARGEST_FIRST);
        return moves;
    }

    /** One item's price, before and in the run. */
    record Move(String source, String id, String title, double from, double to) {

        BigDecimal fromAmount() {
            return BigDecimal.valueOf(from);
        }

        BigDecimal toAmount() {
            return BigDecimal.valueOf(to);
        }

        /** {@code to - from}, exactly as the two print. */
        BigDecimal change() {
            return toAmount().subtract(fromAmount()).stripTrailingZeros();
        }

        /** In percent of {@code from}, rounded to 2 decimals; {@code null} when {@code from} is 0. */
        BigDecimal changePercent() {
            if (from == 0) {
                return null;
            }
            return change().multiply(BigDecimal.valueOf(100))
                    .divide(fromAmount(), 2, RoundingMode.HALF_UP)
                    .stripTrailingZeros();
        }
    }
}
