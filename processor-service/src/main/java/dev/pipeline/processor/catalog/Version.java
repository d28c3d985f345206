package dev.pipeline.processor.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the changes of a report compare an item by, as one record of it said: the run that
 * published it, its price and category, and where the record was in the products topic (which
 * says whether it came before a run's start). The catalogue keeps two per key ({@link Versions}).
 *
 * @param partition the products partition of the record
 * @param offset    its offset there
 * @param price     {@code null} when the item had none
 */
public record Version(int partition, long offset, String runId, Double price, String category) {

    /**
     * Whether the record came before a run that started at {@code startOffsets} (per partition, the
     * end offset before it wrote anything): every record below its partition's start offset did.
     * A partition the start does not name did not exist then: nothing in it came before.
     */
    public boolean before(Map<Integer, Long> startOffsets) {
        Long start = startOffsets.get(partition);
        return start != null && offset < start;
    }

    int size() {
        return 4 + 8 + 1 + 8 + 1 + utf8(runId).length + 4 + utf8(category).length;
    }

    void writeTo(ByteBuffer out) {
        byte[] run = utf8(runId);
        byte[] cat = utf8(category);
        out.putInt(partition)
                .putLong(offset)
                .put((byte) (price == null ? 0 : 1))
                .putDouble(price == null ? 0 : price)
                .put((byte) run.length)
                .put(run)
                .putInt(cat.length)
                .put(cat);
    }

    static Version readFrom(ByteBuffer in) {
        int partition = in.getInt();
        long offset = in.getLong();
        boolean hasPrice = in.get() == 1;
        double price = in.getDouble();
        byte[] run = new byte[in.get() & 0xff];
        in.get(run);
        byte[] cat = new byte[in.getInt()];
        in.get(cat);
        return new Version(
                partition,
                offset,
                new String(run, StandardCharsets.UTF_8),
                hasPrice ? price : null,
                new String(cat, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
